import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-6RW5IKGL.js";import"./chunk-MQHS6MY2.js";import"./chunk-22KPQJQZ.js";import"./chunk-W6KBICGK.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
