import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-XBHEH6US.js";import"./chunk-4CY7XJSX.js";import"./chunk-ZCOPPBLM.js";import"./chunk-V35PZW2T.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
