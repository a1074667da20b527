import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-GZA4UEZJ.js";import"./chunk-6RHXXSEA.js";import"./chunk-4JE6C7FH.js";import"./chunk-U7TBV6C5.js";import"./chunk-U55YUZ6N.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-EA3PLAZN.js";import"./chunk-HU2ITKTV.js";export{a as ObjectStore,b as readdirIfPresent};
