// The Prometheus metrics source when Prometheus does not answer, and on answers shaped by hand
// that a healthy server will not give on demand (the live server's tests are beside this file).
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEMO_QUERIES } from '../../src/demo/demo-queries.js';
import { parseSampleValue, readPrometheusMetrics, roundCount } from '../../src/providers/metrics/prometheus-metrics.js';
import { startPrometheus } from '../helpers/prometheus.js';
import { recordingFetch, rejection, request } from './metrics-request.js';

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

  it('turns NaN and +Inf sample strings into numbers, reads scalars, leaves an empty vector missing', async () => {
    const { fetchImpl } = fakeFetch((q) =>
      q === 'q_requests'
        ? scalar('1000')
        : q === 'q_errors'
          ? vector()
          : q === 'q_base'
            ? vector('NaN')
            : q === 'q_canary'
              ? vector('+Inf')
              : vector('Inf'),
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
    expect(raw.values.replay_determinism_failures).toBe(Infinity);
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
