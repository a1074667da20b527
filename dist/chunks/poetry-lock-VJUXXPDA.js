import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-AYVTCGQJ.js";import"./chunk-XM3BDWPW.js";import"./chunk-KMDRRU3Z.js";import"./chunk-UKZJ3AES.js";import"./chunk-T6IEP6JJ.js";import"./chunk-Z7QVPYLU.js";import"./chunk-TJREZZLU.js";import"./chunk-HU2ITKTV.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
