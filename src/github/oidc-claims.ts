// The job's OIDC token (DESIGN 9): with `permissions: id-token: write` the runner exposes a token
// service (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN). Promote reads the token's claims to bind the
// promotion to the environment the job runs in, and records the claims, never the token. The
// token comes straight from the runner's own authenticated service, so its claims are read, not
// verified against GitHub's signing keys (which this step could not reach offline anyway).
import { RollgateError } from '../core/errors.js';
import { endpointOf, readBodyBounded } from './bounded-fetch.js';

export const OIDC_AUDIENCE = 'rollgate';
/** The token service is the runner's own: it answers in well under a second. */
const OIDC_TIMEOUT_MS = 30_000;
/** The answer is `{"count": …, "value": "<JWT>"}`, about 2 KiB: past GITHUB_BODY_MAX_BYTES it is not the token service. */
const OIDC_FIX = 'the token service answers about 2 KiB: check ACTIONS_ID_TOKEN_REQUEST_URL, which the runner sets';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The claims rollgate records: who ran what, where. */
export interface JobClaims {
  readonly iss: string;
  readonly aud: string;
  readonly repository: string;
  readonly environment: string | null;
  readonly ref: string;
  readonly sha: string;
  readonly run_id: string;
  readonly job_workflow_ref: string;
}

export function oidcAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

function unavailable(why: string): RollgateError {
  return new RollgateError('OIDC_TOKEN_UNAVAILABLE', `OIDC token: ${why}`);
}

export function claimsOfJwt(jwt: string): JobClaims {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw unavailable('not a JWT');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw unavailable('its payload is not JSON');
  }
  const text = (key: string) => (typeof payload[key] === 'string' ? payload[key] : '');
  return {
    iss: text('iss'),
    aud: Array.isArray(payload.aud) ? payload.aud.join(',') : text('aud'),
    repository: text('repository'),
    environment: typeof payload.environment === 'string' ? payload.environment : null,
    ref: text('ref'),
    sha: text('sha'),
    run_id: text('run_id'),
    job_workflow_ref: text('job_workflow_ref'),
  };
}

export async function readJobClaims(env: NodeJS.ProcessEnv, fetchImpl: typeof fetch = fetch): Promise<JobClaims> {
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '');
  url.searchParams.set('audience', OIDC_AUDIENCE);
  const endpoint = endpointOf(url);
  let body: unknown;
  try {
    const response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''}`, accept: 'application/json' },
      signal: AbortSignal.timeout(OIDC_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable(`the token service answered ${response.status}`);
    }
    const bytes = await readBodyBounded(response, `OIDC token: ${endpoint}`, 'OIDC_TOKEN_UNAVAILABLE', OIDC_FIX);
    body = parseJson(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    throw unavailable(
      `the token service did not answer (${(error as Error).message}; the timeout is ${OIDC_TIMEOUT_MS} ms)`,
    );
  }
  const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
  if (typeof value !== 'string') throw unavailable('the answer holds no token');
  return claimsOfJwt(value);
}

/** Refuses a promotion the job's token does not bind to `environment`. */
export function assertEnvironmentClaim(claims: JobClaims, environment: string): void {
  if (claims.environment !== environment) {
    throw new RollgateError(
      'OIDC_ENVIRONMENT_MISMATCH',
      `promoting ${environment}, but the job's OIDC token says environment ${claims.environment === null ? '(none)' : JSON.stringify(claims.environment)}`,
    );
  }
}
