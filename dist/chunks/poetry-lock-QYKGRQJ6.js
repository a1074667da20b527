import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-M5XRPPHO.js";import"./chunk-ZEY4ETEJ.js";import"./chunk-UKZJ3AES.js";import"./chunk-UHJBYZ7B.js";import"./chunk-NDGSROJZ.js";import"./chunk-FPCGLUBX.js";import"./chunk-XRMFHQUG.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
