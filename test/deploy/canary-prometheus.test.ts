// Canary stages judged from a real Prometheus scraping a real prom-client service (never
// skipped: without Prometheus these tests fail and say how to install it). The clock is the
// real one, because Prometheus is asked at the stage's evaluation time and only has data up to
// now; the dwell is a real sleep. The test changes the service's profile between stages and
// waits until the metrics window mostly covers the new profile.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isF64 } from '../../src/core/cbor.js';
import { RollgateError } from '../../src/core/errors.js';
import { formatUtc } from '../../src/core/utc-time.js';
import { DEMO_QUERIES } from '../../src/demo/demo-queries.js';
import type { FrozenValue } from '../../src/deploy/metrics-snapshot.js';
import type { CanaryStageOptions } from '../../src/jobs/canary-stage-job.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { replayJob } from '../../src/jobs/replay-job.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { loadHead, readStepHead } from '../../src/store/step-heads.js';
import {
  startMetricsService,
  startPrometheus,
  waitForSamples,
  type MetricsService,
  type PrometheusServer,
} from '../helpers/prometheus.js';
import { rolloutWorkspace, runStage } from './rollout-workspace.js';
import { testHost } from '../helpers/host.js';

const WINDOW_SECONDS = 10;
const HEALTHY_PROFILE = { canaryErrorRate: 0, canaryLatencyMs: 100, baselineLatencyMs: 100 };
const ERRORING_PROFILE = { canaryErrorRate: 0.05, canaryLatencyMs: 100, baselineLatencyMs: 100 };

// The stored queries, $window resolved and named by metric (the literal oracle of the
// substitution is in test/providers/prometheus-metrics.test.ts).
const at = (query: string) => query.replaceAll('$window', `${WINDOW_SECONDS}s`);
const RESOLVED = {
  requests: at(DEMO_QUERIES.requests),
  errors: at(DEMO_QUERIES.errors),
  p95_baseline_ms: at(DEMO_QUERIES.p95_baseline),
  p95_canary_ms: at(DEMO_QUERIES.p95_canary),
};
const ERROR_RATIO = `${RESOLVED.errors} / ${RESOLVED.requests}`;

function config(url: string): string {
  return [
    'rollout:',
    '  cohorts: [1, 50, 100]',
    '  dwell_seconds: 1',
    `  metrics_window_seconds: ${WINDOW_SECONDS}`,
    'metrics:',
    '  source: prometheus',
    '  timeout_seconds: 5',
    '  retries: 2',
    '  prometheus:',
    `    url: ${url}`,
    '    queries:',
    ...Object.entries(DEMO_QUERIES).map(([key, query]) => `      ${key}: '${query}'`),
    '',
  ].join('\n');
}

/** One stage on the real clock and a real (recorded) sleep: Prometheus answers for now only. */
const stage = (ws: string, parent: Uint8Array, over: Partial<CanaryStageOptions> = {}) =>
  runStage(ws, parent, over, true);

const num = (v: FrozenValue): number => (isF64(v) ? v.value : typeof v === 'number' ? v : NaN);

async function rejection(promise: Promise<unknown>): Promise<RollgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RollgateError);
  return error as RollgateError;
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((done) => server.close(done));
  return port;
}

describe('canary stages judged from a real Prometheus', () => {
  let service: MetricsService | undefined;
  let prometheus: PrometheusServer | undefined;
  let url = '';

  beforeAll(async () => {
    service = await startMetricsService();
    prometheus = await startPrometheus([`127.0.0.1:${service.port}`]);
    url = prometheus.url;
    // rate() and increase() need two scrapes inside the window; wait for a few more.
    await waitForSamples(
      url,
      `count_over_time(http_requests_total{track="canary",code="200"}[${WINDOW_SECONDS}s])`,
      30_000,
      (n) => n >= 4,
    );
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await service?.stop();
  });

  it('passes a healthy canary stage by stage, each snapshot holding the values, queries and evaluation time', async () => {
    const { ws, state, releaseHash } = await rolloutWorkspace({ config: config(url) });
    let head = state;
    for (const [index, cohort] of [
      [0, 1],
      [1, 50],
      [2, 100],
    ] as const) {
      const attempt = stage(ws, head);
      const result = await attempt.run;
      const { report, snapshot, gate_report } = result;
      expect([report.stage_index, report.cohort_percent, report.verdict]).toEqual([index, cohort, 'pass']);
      expect(report.next).toBe(index < 2 ? 'next_stage' : 'gate');
      expect(report.traffic).toBeNull();
      expect(report.metrics_attempts).toBe(1);
      expect(attempt.slept).toEqual([1000]); // the dwell, slept for real
      expect(snapshot.source).toEqual({ kind: 'prometheus', ref: url });
      expect(snapshot.queries).toEqual(RESOLVED);
      expect(snapshot.window_seconds).toBe(WINDOW_SECONDS);
      expect(snapshot.release_hash).toEqual(releaseHash);
      expect(attempt.evaluated).toHaveLength(1);
      expect(snapshot.evaluation_time_utc).toBe(formatUtc(attempt.evaluated[0]!));
      // 500 canary requests a second, none failing; both tracks at 90..110 ms, p95 about 109 ms.
      expect(snapshot.values.requests).toBeGreaterThan(1_000);
      expect(Number.isInteger(snapshot.values.requests)).toBe(true);
      expect(snapshot.values.errors).toBe(0);
      expect(snapshot.values.replay_determinism_failures).toBe(0);
      for (const p95 of [snapshot.values.p95_baseline_ms, snapshot.values.p95_canary_ms]) {
        expect(isF64(p95)).toBe(true);
        expect(num(p95)).toBeGreaterThan(95);
        expect(num(p95)).toBeLessThan(120);
      }
      expect(gate_report.inputs).toEqual(snapshot.values);
      expect(gate_report.gates.map((g) => [g.gate, g.result])).toEqual([
        ['error_rate', 'pass'],
        ['p95_latency_delta', 'pass'],
        ['replay_determinism_failures', 'pass'],
      ]);
      head = result.head_hash;
    }
    const verdict = await gateJob({
      host: testHost(),
      workspace: ws,
      stateDir: '.rollgate',
      configPath: '.github/rollgate.yml',
      state: head,
      shards: [],
      environment: 'staging',
    });
    expect(verdict.report.verdict).toBe('pass');
    const replay = await replayJob({ workspace: ws, stateDir: '.rollgate', state: verdict.head_hash });
    expect(replay.checks).toHaveLength(4);
    expect(replay.identical).toBe(true);
  }, 30_000);

  it('fails closed when Prometheus does not answer: METRICS_PROVIDER_FAILED after 1 + retries attempts, nothing recorded', async () => {
    const port = await closedPort();
    const { ws, state } = await rolloutWorkspace({ config: config(`http://127.0.0.1:${port}`) });
    const store = new ObjectStore(join(ws, '.rollgate'));
    const preflight = await loadHead(store, state);
    const attempt = stage(ws, state);
    const error = await rejection(attempt.run);
    expect(error.code).toBe('METRICS_PROVIDER_FAILED');
    expect(error.message).toContain(`prometheus http://127.0.0.1:${port}: no metrics after 3 attempt(s)`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    // The dwell, then the backoff between the three attempts.
    expect(attempt.slept).toEqual([1000, 1000, 2000]);
    expect(await readStepHead(store, preflight.run_id, preflight.step_index + 1)).toBeUndefined();

    // Nothing was judged: pointed at the live server, the next attempt is stage 0 again.
    const retried = await stage(ws, state, { metrics: { prometheusUrl: url } }).run;
    expect(retried.resumed).toBe(false);
    expect(retried.report.stage_index).toBe(0);
    expect(retried.snapshot.source).toEqual({ kind: 'prometheus', ref: url });
    expect(retried.report.verdict).toBe('pass');
  }, 30_000);

  it('fails the stage at which the canary starts erroring, halts and rolls back; the gate names that stage', async () => {
    await service?.set(HEALTHY_PROFILE);
    await waitForSamples(url, ERROR_RATIO, 20_000, (r) => r === 0);
    const { ws, state } = await rolloutWorkspace({ config: config(url) });
    try {
      let head = state;
      for (let i = 0; i < 2; i++) {
        const result = await stage(ws, head).run;
        expect([result.report.stage_index, result.report.verdict]).toEqual([i, 'pass']);
        head = result.head_hash;
      }
      // 5 % of canary requests fail from now on; wait until the window mostly covers that.
      await service?.set(ERRORING_PROFILE);
      await waitForSamples(url, ERROR_RATIO, 20_000, (r) => r > 0.04);

      const failed = await stage(ws, head).run;
      expect([failed.report.stage_index, failed.report.cohort_percent]).toEqual([2, 100]);
      expect(failed.report.verdict).toBe('fail');
      expect(failed.report.next).toBe('rollback');
      expect(failed.report.checkpoint.status).toBe('halted');
      expect(failed.checkpoint.status).toBe('halted');
      expect(failed.checkpoint.gate_states.map((g) => g.verdict)).toEqual(['pass', 'pass', 'fail']);
      const errors = failed.snapshot.values.errors as number;
      const requests = failed.snapshot.values.requests as number;
      expect(errors / requests).toBeGreaterThan(0.005);
      expect(errors / requests).toBeLessThan(0.06);
      expect(failed.gate_report.gates.map((g) => [g.gate, g.result])).toEqual([
        ['error_rate', 'fail'],
        ['p95_latency_delta', 'pass'],
        ['replay_determinism_failures', 'pass'],
      ]);

      const verdict = await gateJob({
        host: testHost(),
        workspace: ws,
        stateDir: '.rollgate',
        configPath: '.github/rollgate.yml',
        state: failed.head_hash,
        shards: [],
        environment: 'staging',
      });
      expect(verdict.report.verdict).toBe('fail');
      const breach = verdict.report.rollback_triggers.find((t) => t.trigger === 'gate_breach')!;
      expect(breach.fired).toBe(true);
      expect(breach.details).toHaveLength(1);
      expect(breach.details[0]).toMatch(/^shard default stage 2 \(100%\): error_rate 0\.0\d+ > 0\.005$/);
      expect(verdict.report.stages.map((s) => s.verdict)).toEqual(['pass', 'pass', 'fail']);
    } finally {
      await service?.set(HEALTHY_PROFILE);
    }
  }, 45_000);
});
