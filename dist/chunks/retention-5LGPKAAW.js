import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-AL6O542T.js";import"./chunk-INQQGKCY.js";import"./chunk-L2JVCRHV.js";import"./chunk-6XNTDVNK.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
