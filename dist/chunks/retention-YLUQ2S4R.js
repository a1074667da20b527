import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-YS72GVZ4.js";import"./chunk-L6IOQMZD.js";import"./chunk-YF72ZH33.js";import"./chunk-CPT54GUH.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
