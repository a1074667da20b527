import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-QJKDBIYW.js";import"./chunk-YAJXO5IN.js";import"./chunk-ASFC36KW.js";import"./chunk-IH7CXENU.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-OM2XOPNP.js";export{a as ObjectStore,b as readdirIfPresent};
