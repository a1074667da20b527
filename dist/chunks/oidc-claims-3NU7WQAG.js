import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-D6BQIYKW.js";import"./chunk-KQ5YTAGW.js";import"./chunk-R6BWEK5Q.js";import"./chunk-UYY2MPIX.js";import"./chunk-HU2ITKTV.js";export{a as OIDC_AUDIENCE,e as assertEnvironmentClaim,c as claimsOfJwt,b as oidcAvailable,d as readJobClaims};
