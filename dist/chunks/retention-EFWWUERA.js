import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-DYN4FM3W.js";import"./chunk-QWEU65JH.js";import"./chunk-LFWPVZN7.js";import"./chunk-DZRPJLKO.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
