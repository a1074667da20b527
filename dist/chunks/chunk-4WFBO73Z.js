import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
var t=".github/rollgate.yml";export{t as a};
