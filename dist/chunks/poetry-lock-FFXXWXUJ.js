import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-VQQXHB7Z.js";import"./chunk-GSNM7R2Y.js";import"./chunk-UKZJ3AES.js";import"./chunk-IMLDJ433.js";import"./chunk-ADHRJHWU.js";import"./chunk-FPCGLUBX.js";import"./chunk-OM2XOPNP.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
