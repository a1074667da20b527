import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-F74M7AUU.js";import"./chunk-UKZJ3AES.js";import"./chunk-QP5XQJMM.js";import"./chunk-HEVBAAMS.js";import"./chunk-FPCGLUBX.js";import"./chunk-V35PZW2T.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
