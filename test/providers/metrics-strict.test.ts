// Metrics documents are strict (issue: "metrics accept nonsense"): through the path a stage
// takes, from the config's metrics source (a real command printing JSON, a real file) to the
// frozen snapshot and the gate, a duplicate key, a negative count or duration and a numeral
// that is not decimal are METRICS_INVALID, naming the metric and where it came from, instead
// of a snapshot that passes the gates. Prometheus answers are held to the same rules.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { RollgateError } from '../../src/core/errors.js';
import { evaluateHealthGates } from '../../src/deploy/health-gates.js';
import { freezeValue, snapshotHash } from '../../src/deploy/metrics-snapshot.js';
import { readPrometheusMetrics } from '../../src/providers/metrics/prometheus-metrics.js';
import { takeSnapshot } from '../../src/providers/metrics/take-snapshot.js';
import { request } from './metrics-request.js';

const workspace = mkdtempSync(join(tmpdir(), 'rollgate-metrics-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const SUBJECT = {
  release_hash: new Uint8Array(32).fill(7),
  environment: 'staging',
  stage_index: 1,
  cohort_percent: 5,
  shard_id: '',
};
const HEALTHY = '{"requests": 12000, "errors": 6, "p95_baseline_ms": 180, "p95_canary_ms": 185}';

/** One stage's snapshot and verdict from `json`, through the config's file or command source. */
async function stage(kind: 'file' | 'command', json: string) {
  const name = `m${Math.random().toString(36).slice(2)}.json`;
  writeFileSync(join(workspace, name), json);
  // The command source prints the file with a real child process.
  const source = kind === 'file' ? `  file: ${name}\n` : `  command: "cat ${name}"\n`;
  const config = parseConfig(
    `metrics:\n  source: ${kind}\n${source}  timeout_seconds: 5\n  retries: 0\n`,
    '.github/rollgate.yml',
  );
  const taken = await takeSnapshot({
    config,
    workspace,
    subject: SUBJECT,
    metrics: {},
    env: {},
    at: 1_790_000_000,
    sleep: () => Promise.resolve(),
  });
  const report = evaluateHealthGates(taken.snapshot, snapshotHash(taken.snapshot), config.gates);
  return {
    snapshot: taken.snapshot,
    verdict: report.verdict,
    where: kind === 'file' ? name : 'metrics command output',
  };
}

async function refusal(kind: 'file' | 'command', json: string): Promise<RollgateError> {
  const error = await stage(kind, json).then(
    (s) => new Error(`accepted, verdict ${s.verdict}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RollgateError);
  return error as RollgateError;
}

describe.each(['file', 'command'] as const)('metrics %s source: strict documents', (kind) => {
  it('passes the healthy control', async () => {
    expect((await stage(kind, HEALTHY)).verdict).toBe('pass');
  });

  it.each([
    ['a negative p95_canary_ms (passes the latency gate)', '"p95_canary_ms": -5000', 'p95_canary_ms', 'is -5000'],
    ['a negative p95_baseline_ms', '"p95_baseline_ms": -1', 'p95_baseline_ms', 'is -1'],
    ['a negative duration as text', '"p95_canary_ms": "-5000"', 'p95_canary_ms', 'is -5000'],
    ['a negative count', '"errors": -1', 'errors', 'is -1'],
    ['a negative overflow (-1e400)', '"p95_canary_ms": -1e400', 'p95_canary_ms', 'is -Infinity'],
    ['"-Infinity" as text', '"requests": "-Infinity"', 'requests', 'is -Infinity'],
    ['hexadecimal text', '"p95_canary_ms": "0x2EE0"', 'p95_canary_ms', '"0x2EE0"'],
    ['binary text', '"errors": "0b0"', 'errors', '"0b0"'],
    ['octal text', '"p95_canary_ms": "0o264"', 'p95_canary_ms', '"0o264"'],
    ['a leading zero', '"errors": "012"', 'errors', '"012"'],
    ['padded text', '"errors": " 0 "', 'errors', '" 0 "'],
    ['a plus sign', '"errors": "+0"', 'errors', '"+0"'],
    ['blank text', '"errors": ""', 'errors', '""'],
    ['other text', '"errors": "::error::pwned"', 'errors', '"::error::pwned"'],
  ])('refuses %s with METRICS_INVALID naming the metric and the source', async (_what, entry, metric, says) => {
    const json = HEALTHY.replace(new RegExp(`"${metric}": [^,}]+`), entry);
    expect(json).toContain(entry);
    const error = await refusal(kind, json);
    expect(error.code).toBe('METRICS_INVALID');
    expect(error.message).toMatch(new RegExp(`^(metrics command output|m[a-z0-9]+\\.json): ${metric} `));
    expect(error.message).toContain(says);
    expect(error.diagnostics).toMatchObject({ metric });
  });

  it('refuses a duplicate key ("errors":180,"errors":0) instead of keeping the last', async () => {
    const json = '{"requests": 12000, "errors": 180, "errors": 0, "p95_baseline_ms": 180, "p95_canary_ms": 185}';
    const error = await refusal(kind, json);
    expect(error.code).toBe('METRICS_INVALID');
    expect(error.message).toContain('key "errors" appears twice in the top-level object');
    expect(error.message).toMatch(/^(metrics command output|m[a-z0-9]+\.json): /);
  });

  it('refuses a duplicate key spelled with an escape', async () => {
    const json = '{"requests": 12000, "errors": 180, "\\u0065rrors": 0, "p95_baseline_ms": 180, "p95_canary_ms": 185}';
    expect((await refusal(kind, json)).code).toBe('METRICS_INVALID');
  });

  it('still takes decimal text, NaN and Infinity (the markers fail the gate closed)', async () => {
    const text = await stage(kind, HEALTHY.replace('"errors": 6', '"errors": "6"').replace('185', '"1.85e2"'));
    expect(text.verdict).toBe('pass');
    expect(text.snapshot.values.errors).toBe(6);
    const marker = await stage(kind, HEALTHY.replace('185', '"NaN"'));
    expect(marker.snapshot.values.p95_canary_ms).toBe('NaN');
    expect(marker.verdict).toBe('fail');
  });
});

describe('freezing: the last guard behind the providers', () => {
  it.each([
    ['p95_canary_ms', -5000, null],
    ['p95_canary_ms', '0x2EE0', null],
    ['errors', '0b0', null],
    ['requests', '0o264', null],
    ['errors', ' 12 ', null],
    ['errors', '12', 12],
  ] as const)('%s %j freezes as %j', (name, raw, frozen) => {
    expect(freezeValue(name, raw)).toEqual(frozen);
  });
});

describe('Prometheus answers: the same rules', () => {
  const queries = { requests: 'q_requests', errors: 'q_errors', p95_baseline: 'q_base', p95_canary: 'q_canary' };
  const answer = (bodyOf: (query: string) => string) => (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return Promise.resolve(
      new Response(bodyOf(url.searchParams.get('query') ?? ''), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
  const sample = (v: string) =>
    `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1790000000,"${v}"]}]}}`;
  const read = (bodyOf: (query: string) => string) =>
    readPrometheusMetrics({ url: 'http://prometheus.invalid:9090', queries }, request(), answer(bodyOf)).then(
      () => undefined,
      (e: unknown) => e as RollgateError,
    );

  it.each([
    ['a negative p95_canary', '-5000', 'is negative'],
    ['-Inf', '-Inf', 'is negative'],
    ['hexadecimal', '0x2EE0', 'not a decimal numeral'],
    ['binary', '0b0', 'not a decimal numeral'],
    ['octal', '0o264', 'not a decimal numeral'],
  ])('refuses %s with METRICS_INVALID naming the metric and query', async (_what, value, says) => {
    const error = await read((q) => sample(q === 'q_canary' ? value : '185'));
    expect(error?.code).toBe('METRICS_INVALID');
    expect(error?.message).toContain('prometheus query for p95_canary_ms (q_canary)');
    expect(error?.message).toContain(says);
  });

  it('refuses an answer with a key twice', async () => {
    const error = await read((q) =>
      q === 'q_errors'
        ? '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1790000000,"180"],"value":[1790000000,"0"]}]}}'
        : sample('1'),
    );
    expect(error?.code).toBe('METRICS_INVALID');
    expect(error?.message).toContain('prometheus query for errors (q_errors)');
    expect(error?.message).toContain('the key "value" twice in the object at /data/result/0');
  });
});
