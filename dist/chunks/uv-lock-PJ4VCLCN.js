import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-4JTXWI2Y.js";import"./chunk-UKZJ3AES.js";import"./chunk-DRRSTRLI.js";import"./chunk-FPCGLUBX.js";import"./chunk-5E4P6PNF.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
