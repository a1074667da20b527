import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-NUZ56P63.js";import"./chunk-TXGBIXAH.js";import"./chunk-ZYNM34BE.js";import"./chunk-RAM4TJBZ.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-DZRPJLKO.js";export{a as ObjectStore,b as readdirIfPresent};
