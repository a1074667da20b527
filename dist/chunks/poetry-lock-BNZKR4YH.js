import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-K2DCNK6N.js";import"./chunk-F74M7AUU.js";import"./chunk-UKZJ3AES.js";import"./chunk-QP5XQJMM.js";import"./chunk-HEVBAAMS.js";import"./chunk-FPCGLUBX.js";import"./chunk-V35PZW2T.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
