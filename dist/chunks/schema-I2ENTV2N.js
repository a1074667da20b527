import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-SEBDJNY6.js";import"./chunk-OM2XOPNP.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
