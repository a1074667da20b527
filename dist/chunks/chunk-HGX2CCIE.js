import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as e,c as f}from"./chunk-X6DTOCQ4.js";import{e as n}from"./chunk-QJCHHBNP.js";async function g(o){let i=await n(o,"config");return i===void 0?e():f(i,o)}export{g as a};
