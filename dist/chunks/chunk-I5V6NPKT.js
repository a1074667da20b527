import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
var a=/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;function u(n){let t=n.replace(a,e=>`\\u${e.charCodeAt(0).toString(16).padStart(4,"0")}`);return t.startsWith("::")?`:​:${t.slice(2)}`:t}var s=/[\\`*_[\]|~<>&]/g,l={"<":"&lt;",">":"&gt;","&":"&amp;"};function i(n){return n.replace(a," ").replace(s,t=>l[t]??`\\${t}`)}function c(n){let t=n.replace(a," ");return/[`|<>&]/.test(t)?i(t):`\`${t}\``}function d(n){let t=n.replace(/\r\n?/g,`
`).replace(a,r=>r===`
`||r==="	"?r:" "),e=Math.max(0,...(t.match(/`+/g)??[]).map(r=>r.length)),o="`".repeat(Math.max(3,e+1));return`${o}text
${t.replace(/\n$/,"")}
${o}
`}function g(n){return typeof n=="number"?String(n):typeof n=="string"?i(n):"code"in n?c(n.code):n.raw}function p(n,t){let e=`| ${n.join(" | ")} |`,o=`| ${n.map(()=>"---").join(" | ")} |`;return[e,o,...t.map(r=>`| ${r.map(g).join(" | ")} |`)].join(`
`)+`
`}function y(n,t,e,o){let r=p(n,t.slice(0,e));return t.length>e?`${r}
_${t.length-e} more ${i(o)} are in the report._
`:r}export{u as a,i as b,d as c,p as d,y as e};
