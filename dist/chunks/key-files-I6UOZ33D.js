import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-2XW7ZLRI.js";import"./chunk-7ASQQF6W.js";import"./chunk-CV2ZDWBT.js";import"./chunk-HH2QCB35.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-A6NIUA57.js";import"./chunk-HU2ITKTV.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
