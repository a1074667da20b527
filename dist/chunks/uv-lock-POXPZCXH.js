import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-L5BAT6TC.js";import"./chunk-UKZJ3AES.js";import"./chunk-DUX4F372.js";import"./chunk-FPCGLUBX.js";import"./chunk-DZRPJLKO.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
