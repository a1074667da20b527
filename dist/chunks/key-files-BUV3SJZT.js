import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-F2NEBBMW.js";import"./chunk-JZ4HQHIK.js";import"./chunk-TXGBIXAH.js";import"./chunk-RAM4TJBZ.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-DZRPJLKO.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
