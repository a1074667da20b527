import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a as e,b as f}from"./chunk-ELEUSD5O.js";import{e as n}from"./chunk-LWXZI5HD.js";async function g(o){let i=await n(o,"config");return i===void 0?e():f(i,o)}export{g as a};
