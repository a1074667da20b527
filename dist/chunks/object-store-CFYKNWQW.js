import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-6CEOBNUN.js";import"./chunk-CV2ZDWBT.js";import"./chunk-MJGVBPEF.js";import"./chunk-5235HH36.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-A6NIUA57.js";import"./chunk-HU2ITKTV.js";export{a as ObjectStore,b as readdirIfPresent};
