import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-CGZBSKQU.js";import"./chunk-XRMFHQUG.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
