import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-RB62HNI6.js";import"./chunk-MZRD6NNG.js";import"./chunk-PP5V6RQO.js";import"./chunk-OM2XOPNP.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
