import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-NCF32IXF.js";import"./chunk-DZRPJLKO.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
