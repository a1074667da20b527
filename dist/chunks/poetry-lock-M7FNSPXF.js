import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-7GM42BQN.js";import"./chunk-NXYFLVH4.js";import"./chunk-UKZJ3AES.js";import"./chunk-3OWLGVM4.js";import"./chunk-2ZFORH5P.js";import"./chunk-65KE42MO.js";import"./chunk-UYY2MPIX.js";import"./chunk-HU2ITKTV.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
