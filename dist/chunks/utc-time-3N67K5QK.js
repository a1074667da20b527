import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-R34XBWPY.js";import"./chunk-EA3PLAZN.js";import"./chunk-HU2ITKTV.js";export{c as SECONDS_PER_DAY,b as formatUtc,a as parseUtc};
