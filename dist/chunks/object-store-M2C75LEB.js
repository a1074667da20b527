import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-RXNRDWNI.js";import"./chunk-X62PA6GQ.js";import"./chunk-VFEQQNQL.js";import"./chunk-GAEKHNBQ.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-SGUT77PD.js";export{a as ObjectStore,b as readdirIfPresent};
