// Bounded answers from GitHub (docs/limits.md): the REST API (through Octokit's `request.fetch`)
// and the runner's OIDC token service are read with a byte limit, checked against
// content-length and again while streaming, so a wrong GITHUB_API_URL or a broken proxy cannot
// fill the heap. The caller gives the coded error: GITHUB_API_FAILED or OIDC_TOKEN_UNAVAILABLE.
import type { ErrorCode } from '../core/error-codes.js';
import { RollgateError } from '../core/errors.js';
import { readBodyWithin } from '../util/http-body.js';

/**
 * The largest answer read from GitHub. The largest rollgate asks for is a page of 100
 * deployments, about 1.5 KiB each (~150 KiB); an OIDC token answer is about 2 KiB.
 */
export const GITHUB_BODY_MAX_BYTES = 1024 * 1024;

/** Statuses whose Response may not carry a body (the fetch standard's null body statuses). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** `METHOD origin/path` of a request, without its query: what an error message names. */
export function endpointOf(input: string | URL | Request, method?: string): string {
  const url = new URL(input instanceof Request ? input.url : input);
  return `${(method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()} ${url.origin}${url.pathname}`;
}

/**
 * The body of `response`, refused past `max` bytes with `code`, naming `endpoint`, the limit
 * and `fix`. Aborts and timeouts while reading pass through unchanged (the caller retries them).
 */
export async function readBodyBounded(
  response: Response,
  endpoint: string,
  code: ErrorCode,
  fix: string,
  max: number = GITHUB_BODY_MAX_BYTES,
): Promise<Uint8Array> {
  const refuse = () =>
    new RollgateError(
      code,
      `${endpoint}: the answer is over ${max} bytes, past the limit for a GitHub answer: ${fix}`,
      {
        diagnostics: { endpoint, limit: max },
      },
    );
  return readBodyWithin(response, max, refuse);
}

const API_FIX = "GitHub answers these endpoints in a few KiB: check that GITHUB_API_URL names GitHub's REST API";

/**
 * A fetch for Octokit's `request.fetch`: the answer's body is read within `max` bytes, then
 * handed back as a new Response with the same status and headers. Past the limit it throws
 * GITHUB_API_FAILED, which Octokit passes on as the `cause` of its RequestError.
 */
export function boundedFetch(fetchImpl?: typeof fetch, max: number = GITHUB_BODY_MAX_BYTES): typeof fetch {
  return async (input, init) => {
    const response = await (fetchImpl ?? fetch)(input, init);
    const endpoint = endpointOf(input, init?.method);
    const bytes = await readBodyBounded(response, endpoint, 'GITHUB_API_FAILED', API_FIX, max);
    const headers = new Headers(response.headers);
    // The bytes are already decoded: their length and encoding are no longer the header's.
    headers.delete('content-encoding');
    headers.delete('content-length');
    const rebuilt = new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
    Object.defineProperty(rebuilt, 'url', { value: response.url });
    return rebuilt;
  };
}

/** The body refusal inside an error Octokit raised (its RequestError keeps it as `cause`). */
export function bodyRefusal(error: unknown): RollgateError | undefined {
  if (error instanceof RollgateError) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof RollgateError ? cause : undefined;
}
