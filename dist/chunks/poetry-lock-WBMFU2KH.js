import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-TRLKKGLD.js";import"./chunk-L5BAT6TC.js";import"./chunk-UKZJ3AES.js";import"./chunk-DUX4F372.js";import"./chunk-FPCGLUBX.js";import"./chunk-DZRPJLKO.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
