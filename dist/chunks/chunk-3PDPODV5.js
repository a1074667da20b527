import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as n,c as r}from"./chunk-SYBY4WQF.js";import{a as i}from"./chunk-3QX45CFS.js";async function m(o){let e=await i(o);return e===void 0?n():r(e,o)}export{m as a};
