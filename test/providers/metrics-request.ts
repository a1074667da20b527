// What the Prometheus source tests share: a metrics request at the current time, the real fetch
// recording every URL, and the coded error a promise rejects with.
import { expect } from 'vitest';
import { RollgateError } from '../../src/core/errors.js';
import type { MetricsRequest } from '../../src/providers/metrics/raw-metrics.js';

export const WINDOW_SECONDS = 10;

export function request(overrides: Partial<MetricsRequest> = {}): MetricsRequest {
  return {
    evaluation_unix: Math.floor(Date.now() / 1000),
    window_seconds: WINDOW_SECONDS,
    timeout_ms: 5_000,
    retries: 3,
    backoff_base_ms: 10,
    env: {},
    sleep: () => Promise.resolve(),
    ...overrides,
  };
}

/** The real fetch, recording every URL asked. */
export function recordingFetch(): { urls: URL[]; fetchImpl: typeof fetch } {
  const urls: URL[] = [];
  const fetchImpl = (input: string | URL | Request, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  return { urls, fetchImpl };
}

export async function rejection(promise: Promise<unknown>): Promise<RollgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RollgateError);
  return error as RollgateError;
}
