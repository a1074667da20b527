import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-UNHAHCAW.js";import"./chunk-SB33M72B.js";import"./chunk-UKZJ3AES.js";import"./chunk-FR326TEJ.js";import"./chunk-FPCGLUBX.js";import"./chunk-PSZBAF3C.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
