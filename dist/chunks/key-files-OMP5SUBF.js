import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c}from"./chunk-NC4AIHHM.js";import"./chunk-6TMWCPUX.js";import"./chunk-YAJXO5IN.js";import"./chunk-IH7CXENU.js";import"./chunk-ZOL75ZIJ.js";import"./chunk-OM2XOPNP.js";export{c as readPrivateKeyEnv,b as readPrivateKeyFile,a as writeKeyPair};
