import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-OGQPHN67.js";import"./chunk-LMKUWSXQ.js";import"./chunk-UKZJ3AES.js";import"./chunk-7IB4HHHL.js";import"./chunk-2KZEUOFS.js";import"./chunk-FPCGLUBX.js";import"./chunk-SGUT77PD.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
