import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-3S46ZELO.js";import"./chunk-NY4LQPFK.js";import"./chunk-W5CXNUGD.js";import"./chunk-TJREZZLU.js";import"./chunk-HU2ITKTV.js";export{a as OIDC_AUDIENCE,e as assertEnvironmentClaim,c as claimsOfJwt,b as oidcAvailable,d as readJobClaims};
