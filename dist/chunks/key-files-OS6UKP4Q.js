import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-DZNHBZ5L.js";import"./chunk-DZBXYTJ2.js";import"./chunk-YHFR5VMT.js";import"./chunk-AJCH4BDX.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-V35PZW2T.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
