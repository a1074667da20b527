import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-YRXLJZCN.js";import"./chunk-4JTXWI2Y.js";import"./chunk-UKZJ3AES.js";import"./chunk-DRRSTRLI.js";import"./chunk-FPCGLUBX.js";import"./chunk-5E4P6PNF.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
