import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-WRON6R7N.js";import"./chunk-BPJPSGUX.js";import"./chunk-W7ZKGFKM.js";import"./chunk-COQ5MKZ7.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-6XNTDVNK.js";export{a as ObjectStore,b as readdirIfPresent};
