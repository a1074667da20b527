import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a}from"./chunk-NAYNTW5G.js";import"./chunk-JNHWIDX5.js";import"./chunk-HU2ITKTV.js";export{a as workflowRun};
