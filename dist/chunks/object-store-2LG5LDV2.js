import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-6PR5LL7G.js";import"./chunk-ROKHJHJN.js";import"./chunk-MMSDC65A.js";import"./chunk-JZCEW7T2.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-CPT54GUH.js";export{a as ObjectStore,b as readdirIfPresent};
