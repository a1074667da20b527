import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-XM3BDWPW.js";import"./chunk-KMDRRU3Z.js";import"./chunk-UKZJ3AES.js";import"./chunk-T6IEP6JJ.js";import"./chunk-Z7QVPYLU.js";import"./chunk-TJREZZLU.js";import"./chunk-HU2ITKTV.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
