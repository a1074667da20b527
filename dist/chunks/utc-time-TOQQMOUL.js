import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-L6IOQMZD.js";import"./chunk-CPT54GUH.js";export{c as SECONDS_PER_DAY,b as formatUtc,a as parseUtc};
