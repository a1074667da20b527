import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-PEQXVCT4.js";import"./chunk-IJK4QCCO.js";import"./chunk-LGZ3ZIYE.js";import"./chunk-TJREZZLU.js";import"./chunk-HU2ITKTV.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
