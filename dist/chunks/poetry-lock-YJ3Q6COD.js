import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-QPOGB2YK.js";import"./chunk-VHPGTAD3.js";import"./chunk-UKZJ3AES.js";import"./chunk-G7NWDPIU.js";import"./chunk-DJI7II2F.js";import"./chunk-Z6NSUZ3F.js";import"./chunk-EA3PLAZN.js";import"./chunk-HU2ITKTV.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
