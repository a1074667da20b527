import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{h as n}from"./chunk-JNHWIDX5.js";function t(r){return`${r.source.kind}:${r.source.url??r.source.path??""}`}function i(r){return[...r].sort((o,e)=>n(o.name,e.name)||n(t(o),t(e))||n(o.version??"",e.version??"")||o.line-e.line)}export{i as a};
