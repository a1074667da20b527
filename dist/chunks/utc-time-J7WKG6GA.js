import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-4CY7XJSX.js";import"./chunk-V35PZW2T.js";export{c as SECONDS_PER_DAY,b as formatUtc,a as parseUtc};
