import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-GSNM7R2Y.js";import"./chunk-UKZJ3AES.js";import"./chunk-IMLDJ433.js";import"./chunk-ADHRJHWU.js";import"./chunk-FPCGLUBX.js";import"./chunk-OM2XOPNP.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
