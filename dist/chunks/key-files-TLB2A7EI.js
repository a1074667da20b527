import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-RFFOLPA2.js";import"./chunk-CM4LLX62.js";import"./chunk-X62PA6GQ.js";import"./chunk-GAEKHNBQ.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-SGUT77PD.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
