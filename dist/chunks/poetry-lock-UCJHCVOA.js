import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-MLWZAWJU.js";import"./chunk-XBW7D3Z3.js";import"./chunk-UKZJ3AES.js";import"./chunk-JWLLB56R.js";import"./chunk-WAUYWZSV.js";import"./chunk-FPCGLUBX.js";import"./chunk-CPT54GUH.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
