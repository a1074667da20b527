import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-6TQFHBA7.js";import"./chunk-G5G7D7SV.js";import"./chunk-R6BWEK5Q.js";import"./chunk-JNHWIDX5.js";import"./chunk-HU2ITKTV.js";export{a as OIDC_AUDIENCE,e as assertEnvironmentClaim,c as claimsOfJwt,b as oidcAvailable,d as readJobClaims};
