import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-CISQ66JM.js";import"./chunk-LZSFJQR4.js";import"./chunk-2546LNTS.js";import"./chunk-YPM62JSZ.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-W6KBICGK.js";export{a as ObjectStore,b as readdirIfPresent};
