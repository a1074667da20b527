import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
function r(e){return e.toLowerCase().replace(/[-_.]+/g,"-")}export{r as a};
