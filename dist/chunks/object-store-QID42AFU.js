import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-SPOCEH7P.js";import"./chunk-O24QVPKI.js";import"./chunk-5O2BCXHT.js";import"./chunk-PNJ3UCYH.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-XRMFHQUG.js";export{a as ObjectStore,b as readdirIfPresent};
