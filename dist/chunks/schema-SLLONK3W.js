import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-CSKXD5AJ.js";import"./chunk-6XNTDVNK.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
