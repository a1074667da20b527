import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-2GHZXOJZ.js";import"./chunk-W6KBICGK.js";export{c as parseJsonText,a as schemaValidator,b as validateOrThrow};
