import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-SB33M72B.js";import"./chunk-UKZJ3AES.js";import"./chunk-FR326TEJ.js";import"./chunk-FPCGLUBX.js";import"./chunk-PSZBAF3C.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
