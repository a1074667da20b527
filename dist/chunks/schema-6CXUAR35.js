import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-IAMSX5H6.js";import"./chunk-CPT54GUH.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
