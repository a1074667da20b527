import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-D76I4JUB.js";import"./chunk-T3LFXGH3.js";import"./chunk-UKZJ3AES.js";import"./chunk-A6C6UXUY.js";import"./chunk-FPCGLUBX.js";import"./chunk-W6KBICGK.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
