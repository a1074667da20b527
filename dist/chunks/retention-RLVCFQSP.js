import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-GYJB3DTF.js";import"./chunk-KV2TLKSP.js";import"./chunk-R34XBWPY.js";import"./chunk-EA3PLAZN.js";import"./chunk-HU2ITKTV.js";export{a as RETENTION_CLASSES,c as RetentionFileSchema,b as RetentionPolicySchema,d as parseRetentionPolicy,e as planGc};
