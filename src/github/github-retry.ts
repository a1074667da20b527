// When to ask GitHub's REST API again, and after how long. GitHub's docs ("Rate limits for the
// REST API", "Best practices"): a 5xx or a dropped connection is worth a retry with exponential
// backoff; a 429, or a 403 that carries `retry-after` or `x-ratelimit-remaining: 0`, is a rate
// limit: wait `retry-after` seconds, or until `x-ratelimit-reset` (epoch seconds). Any other 4xx
// is an answer (bad token, missing permission, invalid ref), and asking again changes nothing.
// The backoff has no jitter: a job makes a handful of calls, so there is no herd to spread, and
// a deterministic schedule keeps the tests exact.

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  /** The first backoff; it doubles with each attempt. */
  readonly baseMs: number;
  /**
   * The longest single wait. A rate limit that asks for more (a primary limit can reset an hour
   * later) is not waited out: the job fails now, saying when the limit resets.
   */
  readonly maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseMs: 1_000, maxWaitMs: 60_000 };

/** What went wrong with one attempt: the HTTP status (0 when no answer came) and its headers. */
export interface AttemptFailure {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number | undefined>>;
}

export type RetryDecision =
  { readonly retry: true; readonly waitMs: number } | { readonly retry: false; readonly reason: string };

/**
 * Decides after failed attempt number `attempt` (1-based). `nowMs` is the wall clock, needed
 * only to turn `x-ratelimit-reset` into a wait.
 */
export function retryDecision(
  failure: AttemptFailure,
  attempt: number,
  policy: RetryPolicy,
  nowMs: number,
): RetryDecision {
  const rateLimited = isRateLimit(failure);
  if (!rateLimited && !isTransient(failure.status)) return { retry: false, reason: 'not retryable' };
  if (attempt > policy.retries) return { retry: false, reason: `gave up after ${attempt} attempt(s)` };
  const backoffMs = policy.baseMs * 2 ** Math.min(attempt - 1, 20);
  const askedMs = rateLimited ? requestedWaitMs(failure.headers, nowMs) : undefined;
  if (askedMs !== undefined && askedMs > policy.maxWaitMs) {
    return {
      retry: false,
      reason: `rate limited for ${Math.ceil(askedMs / 1000)} s more, longer than the ${policy.maxWaitMs / 1000} s rollgate waits`,
    };
  }
  return { retry: true, waitMs: Math.min(Math.max(backoffMs, askedMs ?? 0), policy.maxWaitMs) };
}

/** 5xx, and 0 for a request that got no answer at all (connection refused, reset, timeout). */
function isTransient(status: number): boolean {
  return status === 0 || status >= 500;
}

function isRateLimit({ status, headers }: AttemptFailure): boolean {
  if (status === 429) return true;
  return (
    status === 403 && (header(headers, 'retry-after') !== undefined || header(headers, 'x-ratelimit-remaining') === '0')
  );
}

/** The wait a rate-limited answer asks for, in ms, or undefined when it names none. */
function requestedWaitMs(headers: AttemptFailure['headers'], nowMs: number): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    // RFC 9110 allows delay-seconds or an HTTP-date; GitHub sends seconds.
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = header(headers, 'x-ratelimit-reset');
  if (header(headers, 'x-ratelimit-remaining') === '0' && reset !== undefined && /^\d+$/.test(reset)) {
    // One extra second: the reset time is whole seconds and clocks differ a little.
    return Math.max(0, Number(reset) * 1000 - nowMs) + 1000;
  }
  return undefined;
}

function header(headers: AttemptFailure['headers'], name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : String(value).trim();
}
