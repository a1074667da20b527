import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-GDPBAILH.js";import"./chunk-3TBASPL6.js";import"./chunk-UKZJ3AES.js";import"./chunk-RNHWFLNN.js";import"./chunk-4RIZUCKA.js";import"./chunk-4BYC7OIH.js";import"./chunk-JNHWIDX5.js";import"./chunk-HU2ITKTV.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
