import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-ZDRCCWFO.js";import"./chunk-3UFIGETO.js";import"./chunk-ROKHJHJN.js";import"./chunk-JZCEW7T2.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-CPT54GUH.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
