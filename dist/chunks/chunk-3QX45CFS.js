import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{c as o}from"./chunk-A6NIUA57.js";import{readFile as t}from"node:fs/promises";async function c(r){try{return await t(r,"utf8")}catch(e){let n=e.code;if(n==="ENOENT")return;throw new o("FILE_READ_FAILED",`${r}: cannot read (${n})`,{cause:e})}}export{c as a};
