import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as i,c as n}from"./chunk-3COIRAWE.js";import{a as r}from"./chunk-AUPMWIJK.js";async function m(o){let e=await r(o);return e===void 0?i():n(e,o)}export{m as a};
