import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-OUKT5SWG.js";import"./chunk-UKZJ3AES.js";import"./chunk-G3YJ6RDQ.js";import"./chunk-QWSLTJG6.js";import"./chunk-FPCGLUBX.js";import"./chunk-6XNTDVNK.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
