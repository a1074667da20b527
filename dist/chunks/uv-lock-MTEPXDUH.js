import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-VHPGTAD3.js";import"./chunk-UKZJ3AES.js";import"./chunk-G7NWDPIU.js";import"./chunk-DJI7II2F.js";import"./chunk-Z6NSUZ3F.js";import"./chunk-EA3PLAZN.js";import"./chunk-HU2ITKTV.js";export{a as parseToml,c as parseUvLock,b as splitGitUrl};
