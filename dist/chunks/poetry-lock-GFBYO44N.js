import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b}from"./chunk-VRL4OP4Y.js";import"./chunk-2Z5P54F5.js";import"./chunk-UKZJ3AES.js";import"./chunk-5CLM7UW5.js";import"./chunk-CHFFPAG6.js";import"./chunk-RHMQSGTB.js";import"./chunk-A6NIUA57.js";import"./chunk-HU2ITKTV.js";export{a as PYPI_SIMPLE,b as parsePoetryLock};
