import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as i,c as n}from"./chunk-BGLFFOUH.js";import{a as r}from"./chunk-RBHTMG73.js";async function m(o){let e=await r(o);return e===void 0?i():n(e,o)}export{m as a};
