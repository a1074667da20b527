import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{c as e}from"./chunk-JNHWIDX5.js";function i(n,o,r,t){return new e("LOCK_PARSE_FAILED",`${n}:${o}: ${r}`,{diagnostics:{path:n,line:o},...t===void 0?{}:{cause:t}})}function s(n,o){try{return o()}catch(r){throw r instanceof Error&&r.name==="RollgateError"?r:i(n,1,`cannot parse: ${r instanceof Error?r.message.split(`
`)[0]:String(r)}`,r)}}export{i as a,s as b};
