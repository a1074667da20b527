// The Prometheus metrics source against a real Prometheus scraping a real prom-client service;
// a fake fetch only for answers a healthy server will not give on demand.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollgateError } from '../../src/core/errors.js';
import type { MetricsRequest } from '../../src/providers/metrics/raw-metrics.js';
import { DEMO_QUERIES } from '../../src/demo/demo-queries.js';
import {
  parseSampleValue,
  readPrometheusMetrics,
  roundCount,
  type PrometheusSourceConfig,
} from '../../src/providers/metrics/prometheus-metrics.js';
import {
  startMetricsService,
  startPrometheus,
  waitForSamples,
  type MetricsService,
  type PrometheusServer,
} from '../helpers/prometheus.js';

const WINDOW_SECONDS = 10;
const SLOW_TEST_MS = 45_000;

function request(overrides: Partial<MetricsRequest> = {}): MetricsRequest {
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
function recordingFetch(): { urls: URL[]; fetchImpl: typeof fetch } {
  const urls: URL[] = [];
  const fetchImpl = (input: string | URL | Request, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  return { urls, fetchImpl };
}

async function rejection(promise: Promise<unknown>): Promise<RollgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RollgateError);
  return error as RollgateError;
}

describe('readPrometheusMetrics against a real Prometheus', () => {
  let service: MetricsService | undefined;
  let prometheus: PrometheusServer | undefined;
  let config: PrometheusSourceConfig;

  beforeAll(async () => {
    service = await startMetricsService();
    prometheus = await startPrometheus([`127.0.0.1:${service.port}`]);
    // A trailing slash on the configured URL must not matter.
    config = { url: `${prometheus.url}/`, queries: DEMO_QUERIES };
    // rate() and increase() need two scrapes inside the window; wait for a few more.
    await waitForSamples(
      prometheus.url,
      `count_over_time(http_requests_total{track="canary",code="200"}[${WINDOW_SECONDS}s])`,
      30_000,
      (n) => n >= 4,
    );
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await service?.stop();
  });

  it(
    'reads a healthy canary: traffic, no errors, p95 of both tracks near 100 ms, all at one time',
    async () => {
      const { urls, fetchImpl } = recordingFetch();
      const req = request();
      const raw = await readPrometheusMetrics(config, req, fetchImpl);

      expect(raw.source).toEqual({ kind: 'prometheus', ref: config.url });
      expect(raw.attempts).toBe(1);
      expect(raw.queries).toEqual({
        requests: 'sum(increase(http_requests_total{track="canary"}[10s]))',
        errors: 'sum(increase(http_requests_total{track="canary",code="500"}[10s]))',
        p95_baseline_ms:
          'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track="baseline"}[10s]))) * 1000',
        p95_canary_ms:
          'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track="canary"}[10s]))) * 1000',
      });
      expect(raw.values.requests).toBeGreaterThan(100);
      // increase() extrapolates (1453.54…); counts arrive rounded to whole numbers.
      expect(Number.isInteger(raw.values.requests)).toBe(true);
      expect(raw.values.errors).toBe(0);
      // Latencies are 90..110 ms: p95 about 109 ms, read from 5 ms buckets.
      for (const p95 of [raw.values.p95_baseline_ms, raw.values.p95_canary_ms]) {
        expect(p95).toBeGreaterThan(95);
        expect(p95).toBeLessThan(120);
      }
      expect(raw.values).not.toHaveProperty('replay_determinism_failures');

      // One instant query per metric, each at the same fixed evaluation time.
      expect(urls).toHaveLength(4);
      for (const url of urls) {
        expect(`${url.origin}${url.pathname}`).toBe(`${prometheus?.url}/api/v1/query`);
        expect(url.searchParams.get('time')).toBe(String(req.evaluation_unix));
      }
      expect(urls.map((u) => u.searchParams.get('query'))).toEqual(Object.values(raw.queries));
    },
    SLOW_TEST_MS,
  );

  it(
    'sees an erroring, slower canary once Prometheus has scraped it',
    async () => {
      await service?.set({ canaryErrorRate: 0.05, canaryLatencyMs: 130, baselineLatencyMs: 100 });
      const ratio = `${DEMO_QUERIES.errors} / ${DEMO_QUERIES.requests}`.replaceAll('$window', `${WINDOW_SECONDS}s`);
      await waitForSamples(prometheus?.url ?? '', ratio, 30_000, (r) => r > 0.02);
      await waitForSamples(
        prometheus?.url ?? '',
        DEMO_QUERIES.p95_canary.replace('$window', '5s'),
        30_000,
        (p) => p > 125,
      );

      const raw = await readPrometheusMetrics(config, request());
      const errors = raw.values.errors as number;
      const requests = raw.values.requests as number;
      expect(requests).toBeGreaterThan(0);
      expect(errors / requests).toBeGreaterThan(0.005);
      expect(errors / requests).toBeLessThan(0.06);
      expect(raw.values.p95_canary_ms as number).toBeGreaterThan(raw.values.p95_baseline_ms as number);
    },
    SLOW_TEST_MS,
  );

  it('refuses a query that matches several series (no sum) as METRICS_INVALID, without retrying', async () => {
    const { urls, fetchImpl } = recordingFetch();
    const slept: number[] = [];
    const error = await rejection(
      readPrometheusMetrics(
        {
          url: config.url,
          queries: { ...DEMO_QUERIES, requests: 'increase(http_requests_total{track="canary"}[$window])' },
        },
        request({ sleep: (ms) => (slept.push(ms), Promise.resolve()) }),
        fetchImpl,
      ),
    );
    expect(error.code).toBe('METRICS_INVALID');
    expect(error.message).toMatch(/matched 2 series; it must aggregate to one series, e\.g\. with sum/);
    expect(urls).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('refuses bad PromQL as METRICS_INVALID quoting Prometheus, without retrying', async () => {
    const { urls, fetchImpl } = recordingFetch();
    const slept: number[] = [];
    const error = await rejection(
      readPrometheusMetrics(
        { url: config.url, queries: { ...DEMO_QUERIES, errors: 'sum(rate(http_requests_total[$window]' } },
        request({ sleep: (ms) => (slept.push(ms), Promise.resolve()) }),
        fetchImpl,
      ),
    );
    expect(error.code).toBe('METRICS_INVALID');
    expect(error.message).toMatch(/HTTP 400, bad_data: .*parse error/);
    expect(error.message).toContain('sum(rate(http_requests_total[10s])');
    // requests answered, errors was refused: two requests, one attempt.
    expect(urls).toHaveLength(2);
    expect(slept).toEqual([]);
  });
});

describe('readPrometheusMetrics when Prometheus does not answer', () => {
  it('says how to install Prometheus when the binary is missing (no silent skip)', async () => {
    const saved = process.env.ROLLGATE_PROMETHEUS;
    process.env.ROLLGATE_PROMETHEUS = '/nonexistent/prometheus';
    try {
      await expect(startPrometheus(['127.0.0.1:1'])).rejects.toThrow(/apt-get install -y prometheus/);
    } finally {
      if (saved === undefined) delete process.env.ROLLGATE_PROMETHEUS;
      else process.env.ROLLGATE_PROMETHEUS = saved;
    }
  });

  it('fails with METRICS_PROVIDER_FAILED after 1 + retries attempts with doubling backoff (closed port)', async () => {
    const port = await closedPort();
    const { urls, fetchImpl } = recordingFetch();
    const slept: number[] = [];
    const error = await rejection(
      readPrometheusMetrics(
        { url: `http://127.0.0.1:${port}`, queries: DEMO_QUERIES },
        request({ retries: 3, backoff_base_ms: 10, sleep: (ms) => (slept.push(ms), Promise.resolve()) }),
        fetchImpl,
      ),
    );
    expect(error.code).toBe('METRICS_PROVIDER_FAILED');
    expect(error.message).toContain(`prometheus http://127.0.0.1:${port}: no metrics after 4 attempt(s)`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(urls).toHaveLength(4);
    expect(slept).toEqual([10, 20, 40]);
  });

  it('fails with METRICS_PROVIDER_FAILED when a server accepts but never answers (timeout per attempt)', async () => {
    const { server, sockets } = await silentServer();
    try {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const slept: number[] = [];
      const started = Date.now();
      const error = await rejection(
        readPrometheusMetrics(
          { url: `http://127.0.0.1:${port}`, queries: DEMO_QUERIES },
          request({ timeout_ms: 200, retries: 1, sleep: (ms) => (slept.push(ms), Promise.resolve()) }),
        ),
      );
      expect(error.code).toBe('METRICS_PROVIDER_FAILED');
      expect(error.message).toContain('no answer within 200 ms');
      expect(slept).toEqual([10]);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    }
  });
});

describe('readPrometheusMetrics on answers shaped by hand', () => {
  const URL_BASE = 'http://prometheus.invalid:9090';

  /** Answers each query from `answers` by the metric's query text; records what was asked. */
  function fakeFetch(answer: (query: string, call: number) => Response) {
    const asked: string[] = [];
    const fetchImpl = (input: string | URL | Request) => {
      const url = new URL(input instanceof Request ? input.url : input);
      asked.push(url.searchParams.get('query') ?? '');
      return Promise.resolve(answer(url.searchParams.get('query') ?? '', asked.length));
    };
    return { asked, fetchImpl };
  }
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const vector = (...values: string[]) =>
    json({
      status: 'success',
      data: {
        resultType: 'vector',
        result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1700000000, v] })),
      },
    });
  const scalar = (v: string) => json({ status: 'success', data: { resultType: 'scalar', result: [1700000000, v] } });
  const fixed = {
    url: URL_BASE,
    queries: { requests: 'q_requests', errors: 'q_errors', p95_baseline: 'q_base', p95_canary: 'q_canary' },
  };

  it('turns NaN, +Inf and -Inf sample strings into numbers, reads scalars, leaves an empty vector missing', async () => {
    const { fetchImpl } = fakeFetch((q) =>
      q === 'q_requests'
        ? scalar('1000')
        : q === 'q_errors'
          ? vector()
          : q === 'q_base'
            ? vector('NaN')
            : q === 'q_canary'
              ? vector('+Inf')
              : vector('-Inf'),
    );
    const raw = await readPrometheusMetrics(
      { url: URL_BASE, queries: { ...fixed.queries, replay_determinism_failures: 'q_replay' } },
      request(),
      fetchImpl,
    );
    expect(raw.values.requests).toBe(1000);
    expect(raw.values).not.toHaveProperty('errors');
    expect(raw.values.errors).toBeUndefined();
    expect(raw.values.p95_baseline_ms).toBeNaN();
    expect(raw.values.p95_canary_ms).toBe(Infinity);
    expect(raw.values.replay_determinism_failures).toBe(-Infinity);
    expect(raw.queries.replay_determinism_failures).toBe('q_replay');
  });

  it('rounds extrapolated counts to whole numbers and leaves non-finite ones to fail the gate', () => {
    expect(roundCount(1453.5449999999998)).toBe(1454);
    expect(roundCount(2.4999)).toBe(2);
    expect(roundCount(NaN)).toBeNaN();
    expect(roundCount(Infinity)).toBe(Infinity);
  });

  it('parses sample values the way Prometheus writes them', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(parseSampleValue('0.1')).toBe(0.1);
    expect(parseSampleValue('1e+06')).toBe(1e6);
    expect(parseSampleValue('-0')).toBe(-0);
    expect(parseSampleValue('')).toBeNaN();
    expect(parseSampleValue('abc')).toBeNaN();
  });

  it('retries a 503 and succeeds on the next attempt (attempts 2)', async () => {
    const slept: number[] = [];
    const { asked, fetchImpl } = fakeFetch((_q, call) =>
      call === 1 ? new Response('<html>upstream overloaded</html>', { status: 503 }) : vector('7'),
    );
    const raw = await readPrometheusMetrics(
      fixed,
      request({ sleep: (ms) => (slept.push(ms), Promise.resolve()) }),
      fetchImpl,
    );
    expect(raw.attempts).toBe(2);
    expect(slept).toEqual([10]);
    expect(asked).toEqual(['q_requests', 'q_requests', 'q_errors', 'q_base', 'q_canary']);
    expect(raw.values).toEqual({ requests: 7, errors: 7, p95_baseline_ms: 7, p95_canary_ms: 7 });
  });

  it('treats a 422 and a status "error" answer as METRICS_INVALID, quoting errorType and error', async () => {
    const error422 = await rejection(
      readPrometheusMetrics(
        fixed,
        request(),
        fakeFetch(() => json({ status: 'error', errorType: 'execution', error: 'many-to-many matching' }, 422))
          .fetchImpl,
      ),
    );
    expect(error422.code).toBe('METRICS_INVALID');
    expect(error422.message).toContain('HTTP 422, execution: many-to-many matching');

    const error200 = await rejection(
      readPrometheusMetrics(
        fixed,
        request(),
        fakeFetch(() => json({ status: 'error', errorType: 'bad_data', error: 'odd' })).fetchImpl,
      ),
    );
    expect(error200.code).toBe('METRICS_INVALID');
    expect(error200.message).toContain('bad_data: odd');
  });

  it('refuses a range vector answer and keeps a long body out of the message', async () => {
    const matrix = await rejection(
      readPrometheusMetrics(
        fixed,
        request(),
        fakeFetch(() => json({ status: 'success', data: { resultType: 'matrix', result: [] } })).fetchImpl,
      ),
    );
    expect(matrix.code).toBe('METRICS_INVALID');
    expect(matrix.message).toContain('not matrix');

    const long = 'x'.repeat(5_000);
    const failed = await rejection(
      readPrometheusMetrics(
        fixed,
        request({ retries: 1 }),
        fakeFetch(() => new Response(long, { status: 502 })).fetchImpl,
      ),
    );
    expect(failed.code).toBe('METRICS_PROVIDER_FAILED');
    expect(failed.message).toContain('HTTP 502');
    expect(failed.message).not.toContain('x'.repeat(201));

    const garbage = await rejection(
      readPrometheusMetrics(fixed, request(), fakeFetch(() => new Response(long, { status: 200 })).fetchImpl),
    );
    expect(garbage.code).toBe('METRICS_INVALID');
    expect(garbage.message.length).toBeLessThan(500);
  });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((done) => server.close(done));
  return port;
}

/** Accepts connections and never answers. */
async function silentServer(): Promise<{ server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, sockets };
}
