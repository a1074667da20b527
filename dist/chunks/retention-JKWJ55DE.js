import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-2CLX5T5K.js";import"./chunk-N4U33Q7V.js";import"./chunk-EJI4G73H.js";import"./chunk-PSZBAF3C.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
