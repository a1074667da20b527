import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-YIIR567T.js";import"./chunk-7YIPSBFK.js";import"./chunk-BPJPSGUX.js";import"./chunk-COQ5MKZ7.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-6XNTDVNK.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
