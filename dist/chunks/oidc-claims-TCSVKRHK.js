import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-ZBWH4LDW.js";import"./chunk-V35PZW2T.js";export{a as OIDC_AUDIENCE,e as assertEnvironmentClaim,c as claimsOfJwt,b as oidcAvailable,d as readJobClaims};
