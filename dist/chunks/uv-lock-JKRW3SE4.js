import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-LMKUWSXQ.js";import"./chunk-UKZJ3AES.js";import"./chunk-7IB4HHHL.js";import"./chunk-2KZEUOFS.js";import"./chunk-FPCGLUBX.js";import"./chunk-SGUT77PD.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
