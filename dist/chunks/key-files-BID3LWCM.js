import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-MQWLW7DE.js";import"./chunk-YBSB7QVM.js";import"./chunk-O24QVPKI.js";import"./chunk-PNJ3UCYH.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-XRMFHQUG.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
