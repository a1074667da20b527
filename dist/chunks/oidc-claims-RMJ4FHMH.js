import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-XYJCROJZ.js";import"./chunk-5PE2Y3GG.js";import"./chunk-W5CXNUGD.js";import"./chunk-EA3PLAZN.js";import"./chunk-HU2ITKTV.js";export{a as OIDC_AUDIENCE,e as assertEnvironmentClaim,c as claimsOfJwt,b as oidcAvailable,d as readJobClaims};
