// EvaluateHealthGates_v1 at and around each threshold (exactly at, EPS_EQ either side), fail
// closed on NaN, Infinity and missing values, shard order independence, and the frozen
// snapshot and gate report as stable canonical bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCanonical, decodeCanonical } from '../../src/core/cbor.js';
import { toHex } from '../../src/core/bytes.js';
import { EPS_EQ, evaluateHealthGates, type GateThresholds } from '../../src/deploy/health-gates.js';
import {
  SNAPSHOT_VERSION,
  freezeValues,
  snapshotHash,
  type MetricName,
  type MetricsSnapshot,
} from '../../src/deploy/metrics-snapshot.js';
import { evaluateShards } from '../../src/deploy/shard-gates.js';

const DEFAULTS: GateThresholds = {
  error_rate_max: 0.005,
  p95_latency_delta_max: 0.1,
  replay_determinism_failures_max: 0,
};

function snapshot(raw: Partial<Record<MetricName, unknown>>, shard_id = ''): MetricsSnapshot {
  return {
    snapshot_version: SNAPSHOT_VERSION,
    release_hash: new Uint8Array(32).fill(1),
    environment: 'staging',
    stage_index: 2,
    cohort_percent: 25,
    shard_id,
    source: { kind: 'file', ref: 'metrics.json' },
    queries: {},
    window_seconds: 300,
    evaluation_time_utc: '2026-11-24T00:00:00Z',
    values: freezeValues({
      requests: 10_000,
      errors: 10,
      p95_baseline_ms: 100,
      p95_canary_ms: 105,
      replay_determinism_failures: 0,
      ...raw,
    }),
  };
}

const judge = (raw: Partial<Record<MetricName, unknown>>) => {
  const s = snapshot(raw);
  return evaluateHealthGates(s, snapshotHash(s), DEFAULTS);
};
const gate = (raw: Partial<Record<MetricName, unknown>>, name: string) =>
  judge(raw).gates.find((g) => g.gate === name)!;

describe('EvaluateHealthGates_v1', () => {
  it('passes a healthy canary and lists every input, threshold, comparison and result', () => {
    const report = judge({});
    expect(report.verdict).toBe('pass');
    expect(report.gates.map((g) => [g.gate, g.comparison, g.result])).toEqual([
      ['error_rate', '<=', 'pass'],
      ['p95_latency_delta', '<=', 'pass'],
      ['replay_determinism_failures', '<=', 'pass'],
    ]);
    expect(report.inputs.requests).toBe(10_000);
  });

  describe.each([
    ['error_rate', 'errors', 1_000_000, (x: number) => ({ requests: 1_000_000, errors: x }), 5000],
    ['p95_latency_delta', 'p95_canary_ms', 1, (x: number) => ({ p95_baseline_ms: 100, p95_canary_ms: x }), 110],
  ] as const)('%s', (name, _field, _scale, inputs, atThreshold) => {
    it('passes exactly at the threshold', () => expect(gate(inputs(atThreshold), name).result).toBe('pass'));
    it('passes within EPS_EQ above it, fails beyond', () => {
      const value = gate(inputs(atThreshold), name).value as { value: number };
      expect(Math.abs(value.value - (name === 'error_rate' ? 0.005 : 0.1))).toBeLessThanOrEqual(EPS_EQ);
      const above =
        name === 'error_rate'
          ? { requests: 1e12, errors: 0.005e12 + 1e12 * EPS_EQ * 0.5 }
          : { p95_baseline_ms: 100, p95_canary_ms: 110 + 100 * EPS_EQ * 0.5 };
      const beyond =
        name === 'error_rate'
          ? { requests: 1e12, errors: 0.005e12 + 1e12 * EPS_EQ * 3 }
          : { p95_baseline_ms: 100, p95_canary_ms: 110 + 100 * EPS_EQ * 3 };
      expect(gate(above, name).result).toBe('pass');
      expect(gate(beyond, name).result).toBe('fail');
    });
    it('fails below-threshold-plus-one-step inputs only when over', () => {
      expect(gate(inputs(atThreshold - 1), name).result).toBe('pass');
      expect(gate(inputs(atThreshold + 1), name).result).toBe('fail');
    });
  });

  it('replay_determinism_failures must be 0', () => {
    expect(gate({ replay_determinism_failures: 0 }, 'replay_determinism_failures').result).toBe('pass');
    expect(gate({ replay_determinism_failures: 1 }, 'replay_determinism_failures').result).toBe('fail');
  });

  it.each([
    ['NaN', { p95_canary_ms: NaN }, 'p95_latency_delta'],
    ['Infinity', { p95_canary_ms: Infinity }, 'p95_latency_delta'],
    ['-Infinity', { p95_baseline_ms: -Infinity }, 'p95_latency_delta'],
    ['missing', { p95_baseline_ms: undefined }, 'p95_latency_delta'],
    ['missing errors', { errors: null }, 'error_rate'],
    ['zero requests', { requests: 0, errors: 0 }, 'error_rate'],
    ['a negative count', { errors: -1 }, 'error_rate'],
    ['NaN replays', { replay_determinism_failures: NaN }, 'replay_determinism_failures'],
  ])('fails closed on %s', (_what, raw, name) => {
    const g = gate(raw, name);
    expect(g).toMatchObject({ result: 'fail', value: null });
    expect(g.reason).toMatch(/^fail closed/);
    expect(judge(raw).verdict).toBe('fail');
  });

  it('a zero baseline divides by EPS_DENOM, not by zero', () => {
    expect(gate({ p95_baseline_ms: 0, p95_canary_ms: 0 }, 'p95_latency_delta').result).toBe('pass');
    expect(gate({ p95_baseline_ms: 0, p95_canary_ms: 1 }, 'p95_latency_delta').result).toBe('fail');
  });

  it('freezes non-finite values as visible markers the snapshot can encode', () => {
    const s = snapshot({ p95_canary_ms: NaN, p95_baseline_ms: Infinity, requests: '42' });
    expect(s.values).toMatchObject({ p95_canary_ms: 'NaN', p95_baseline_ms: 'Infinity', requests: 42 });
    expect(decodeCanonical(encodeCanonical(s))).toMatchObject({ values: { p95_canary_ms: 'NaN' } });
  });

  it('gives the same snapshot and report bytes for the same inputs (golden)', () => {
    const s = snapshot({});
    const report = evaluateHealthGates(s, snapshotHash(s), DEFAULTS);
    expect(toHex(snapshotHash(s))).toBe(toHex(snapshotHash(snapshot({}))));
    expect(toHex(encodeCanonical(report))).toBe(
      toHex(encodeCanonical(evaluateHealthGates(snapshot({}), snapshotHash(snapshot({})), DEFAULTS))),
    );
    expect(toHex(encodeCanonical(s.values))).toBe(
      'a5666572726f72730a687265717565737473192710' +
        '6d7039355f63616e6172795f6d73fb405a4000000000006f7039355f626173656c696e655f6d73fb4059000000000000' +
        '781b7265706c61795f64657465726d696e69736d5f6661696c7572657300',
    );
  });
});

describe('shards', () => {
  it('the verdict and its bytes are the same for any arrival order of shards', () => {
    const shards = ['eu-west', 'us-east', 'ap-south', 'us-west'].map((id, i) => {
      const s = snapshot({ errors: i * 30 }, id);
      return { snapshot: s, hash: snapshotHash(s) };
    });
    const reference = encodeCanonical(evaluateShards(shards, DEFAULTS));
    fc.assert(
      fc.property(fc.shuffledSubarray(shards, { minLength: shards.length, maxLength: shards.length }), (order) => {
        expect(encodeCanonical(evaluateShards(order, DEFAULTS))).toEqual(reference);
      }),
      { numRuns: 200 },
    );
    const verdict = evaluateShards(shards, DEFAULTS);
    expect(verdict.shards.map((s) => [s.shard_id, s.verdict])).toEqual([
      ['ap-south', 'fail'],
      ['eu-west', 'pass'],
      ['us-east', 'pass'],
      ['us-west', 'fail'],
    ]);
    expect(verdict.verdict).toBe('fail');
  });

  it('refuses two snapshots of one shard, and shards of different stages', () => {
    const a = snapshot({}, 'x');
    expect(() =>
      evaluateShards(
        [
          { snapshot: a, hash: snapshotHash(a) },
          { snapshot: a, hash: snapshotHash(a) },
        ],
        DEFAULTS,
      ),
    ).toThrow(/two snapshots/);
    const b = { ...snapshot({}, 'y'), stage_index: 3 };
    expect(() =>
      evaluateShards(
        [
          { snapshot: a, hash: snapshotHash(a) },
          { snapshot: b, hash: snapshotHash(b) },
        ],
        DEFAULTS,
      ),
    ).toThrow(/another stage/);
    expect(evaluateShards([], DEFAULTS).verdict).toBe('fail');
  });
});
