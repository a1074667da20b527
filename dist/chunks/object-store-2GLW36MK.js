import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-CQUODC4Y.js";import"./chunk-GM3KTWZK.js";import"./chunk-PKMALT4L.js";import"./chunk-24LCEXOM.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-TJREZZLU.js";import"./chunk-HU2ITKTV.js";export{a as ObjectStore,b as readdirIfPresent};
