import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-BWPZYAZ4.js";import"./chunk-OUKT5SWG.js";import"./chunk-UKZJ3AES.js";import"./chunk-G3YJ6RDQ.js";import"./chunk-QWSLTJG6.js";import"./chunk-FPCGLUBX.js";import"./chunk-6XNTDVNK.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
