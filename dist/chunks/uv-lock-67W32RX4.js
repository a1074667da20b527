import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-T3LFXGH3.js";import"./chunk-UKZJ3AES.js";import"./chunk-A6C6UXUY.js";import"./chunk-FPCGLUBX.js";import"./chunk-W6KBICGK.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
