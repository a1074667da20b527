import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-ZEY4ETEJ.js";import"./chunk-UKZJ3AES.js";import"./chunk-UHJBYZ7B.js";import"./chunk-NDGSROJZ.js";import"./chunk-FPCGLUBX.js";import"./chunk-XRMFHQUG.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
