import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-3TBASPL6.js";import"./chunk-UKZJ3AES.js";import"./chunk-RNHWFLNN.js";import"./chunk-4RIZUCKA.js";import"./chunk-4BYC7OIH.js";import"./chunk-JNHWIDX5.js";import"./chunk-HU2ITKTV.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
