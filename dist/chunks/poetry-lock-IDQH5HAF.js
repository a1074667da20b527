import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-SJPASRZG.js";import"./chunk-T3AJFOOI.js";import"./chunk-UKZJ3AES.js";import"./chunk-MVJ3XWBJ.js";import"./chunk-FPCGLUBX.js";import"./chunk-OM2XOPNP.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
