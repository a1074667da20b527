import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-CZNBCYUI.js";import"./chunk-FLNSEHTG.js";import"./chunk-FNGF6XY7.js";import"./chunk-XRMFHQUG.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
