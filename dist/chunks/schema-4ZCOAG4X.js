import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-4464Z7PL.js";import"./chunk-A6NIUA57.js";import"./chunk-HU2ITKTV.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
