import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
var a=/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;function u(t){let n=t.replace(a,e=>`\\u${e.charCodeAt(0).toString(16).padStart(4,"0")}`);return n.startsWith("::")?`:​:${n.slice(2)}`:n}var c=/[\\`*_[\]|~<>&]/g,l={"<":"&lt;",">":"&gt;","&":"&amp;"};function i(t){return t.replace(a," ").replace(c,n=>l[n]??`\\${n}`)}function s(t){let n=t.replace(a," ");return/[`|<>&]/.test(n)?i(n):`\`${n}\``}function d(t){let n=t.replace(/\r\n?/g,`
`).replace(a,r=>r===`
`||r==="	"?r:" "),e=Math.max(0,...(n.match(/`+/g)??[]).map(r=>r.length)),o="`".repeat(Math.max(3,e+1));return`${o}text
${n.replace(/\n$/,"")}
${o}
`}function f(t){return t.replace(a,n=>n===`
`||n==="\r"?n:`\\u${n.charCodeAt(0).toString(16).padStart(4,"0")}`)}function g(t){return typeof t=="number"?String(t):typeof t=="string"?i(t):"code"in t?s(t.code):t.raw}function p(t,n){let e=`| ${t.join(" | ")} |`,o=`| ${t.map(()=>"---").join(" | ")} |`;return[e,o,...n.map(r=>`| ${r.map(g).join(" | ")} |`)].join(`
`)+`
`}function y(t,n,e,o){let r=p(t,n.slice(0,e));return n.length>e?`${r}
_${n.length-e} more ${i(o)} are in the report._
`:r}export{u as a,i as b,d as c,f as d,p as e,y as f};
