import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-MGLPMT35.js";import"./chunk-SLEBJXDN.js";import"./chunk-45PS34AN.js";import"./chunk-SGUT77PD.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
