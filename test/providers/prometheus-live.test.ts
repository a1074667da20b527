// The Prometheus metrics source against a real Prometheus scraping a real prom-client service.
// Prometheus is a Go binary that reads the time without libc, so a clock shifted with faketime
// does not reach it: CI's shifted-clock run leaves this file out (named in .ci/run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_QUERIES } from '../../src/demo/demo-queries.js';
import { readPrometheusMetrics, type PrometheusSourceConfig } from '../../src/providers/metrics/prometheus-metrics.js';
import {
  startMetricsService,
  startPrometheus,
  waitForSamples,
  type MetricsService,
  type PrometheusServer,
} from '../helpers/prometheus.js';
import { WINDOW_SECONDS, recordingFetch, rejection, request } from './metrics-request.js';

const SLOW_TEST_MS = 45_000;

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
