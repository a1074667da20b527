import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-YZ7XII6Z.js";import"./chunk-YHFR5VMT.js";import"./chunk-3P7BG5VV.js";import"./chunk-AJCH4BDX.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-V35PZW2T.js";export{a as ObjectStore,b as readdirIfPresent};
