import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-U5LDYEUZ.js";import"./chunk-V35PZW2T.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
