import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-HQOOHVUM.js";import"./chunk-4NY675AT.js";import"./chunk-IJK4QCCO.js";import"./chunk-A6NIUA57.js";import"./chunk-HU2ITKTV.js";export{a as RETENTION_CLASSES,b as RetentionPolicySchema,c as planGc};
