import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-IIUBZDEI.js";import"./chunk-TJREZZLU.js";import"./chunk-HU2ITKTV.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
