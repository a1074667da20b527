import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-6OHU4GSI.js";import"./chunk-PODMCS4E.js";import"./chunk-CV2ZDWBT.js";import"./chunk-5235HH36.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-A6NIUA57.js";import"./chunk-HU2ITKTV.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
