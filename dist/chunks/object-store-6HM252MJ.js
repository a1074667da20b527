import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-JU33DTQR.js";import"./chunk-CDWXKPJF.js";import"./chunk-LJVK53RM.js";import"./chunk-X3K5UQPS.js";import"./chunk-5E4P6PNF.js";export{a as ObjectStore,b as readdirIfPresent};
