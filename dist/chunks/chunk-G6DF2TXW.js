import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{c as s}from"./chunk-JNHWIDX5.js";async function m(r,a,o){let i=[];for(let t=1;;t++)try{return{value:await o(t),attempts:t}}catch(e){if(e instanceof s&&e.code==="METRICS_INVALID")throw e;if(i.push(`attempt ${t}: ${e instanceof Error?e.message:String(e)}`),t>r.retries)throw new s("METRICS_PROVIDER_FAILED",`${a}: no metrics after ${t} attempt(s); the stage fails closed
  ${i.join(`
  `)}`);await r.sleep(r.backoff_base_ms*2**Math.min(t-1,10))}}export{m as a};
