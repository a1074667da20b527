import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-T3AJFOOI.js";import"./chunk-UKZJ3AES.js";import"./chunk-MVJ3XWBJ.js";import"./chunk-FPCGLUBX.js";import"./chunk-OM2XOPNP.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
