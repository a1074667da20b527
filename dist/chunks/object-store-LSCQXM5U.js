import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-GAOBJKGK.js";import"./chunk-NUO2ZPGK.js";import"./chunk-IP4QFXNX.js";import"./chunk-3SESGHCG.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-PSZBAF3C.js";export{a as ObjectStore,b as readdirIfPresent};
