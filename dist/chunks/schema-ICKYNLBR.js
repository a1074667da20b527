import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-XGBAAXQ5.js";import"./chunk-SGUT77PD.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
