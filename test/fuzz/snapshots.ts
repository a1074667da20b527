// Frozen metrics snapshots and gate thresholds from literals plus generated values: mostly
// plausible traffic (so that many snapshots pass), with missing, non-finite and extreme values
// mixed in (so that failing closed is exercised too).
import fc from 'fast-check';
import { f64 } from '../../src/core/cbor.js';
import type { GateThresholds } from '../../src/deploy/health-gates.js';
import { SNAPSHOT_VERSION, type FrozenValue, type MetricsSnapshot } from '../../src/deploy/metrics-snapshot.js';

const MARKER = fc.constantFrom<FrozenValue>(null, 'NaN', 'Infinity', '-Infinity');
const COUNT = fc.oneof(fc.nat(1_000_000), fc.constantFrom(0, Number.MAX_SAFE_INTEGER));
const LATENCY = fc
  .oneof(fc.double({ min: 0, max: 2_000, noNaN: true }), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .map(f64);
const frozen = (value: fc.Arbitrary<FrozenValue>) =>
  fc.oneof({ weight: 12, arbitrary: value }, { weight: 1, arbitrary: MARKER });

export const SNAPSHOT_VALUES: fc.Arbitrary<MetricsSnapshot['values']> = fc.record({
  requests: frozen(COUNT),
  errors: frozen(fc.oneof(fc.nat(50), COUNT)),
  p95_baseline_ms: frozen(LATENCY),
  p95_canary_ms: frozen(LATENCY),
  replay_determinism_failures: frozen(fc.oneof(fc.constant(0), fc.nat(3))),
});

export const THRESHOLDS: fc.Arbitrary<GateThresholds> = fc.record({
  error_rate_max: fc.double({ min: 0, max: 1, noNaN: true }),
  p95_latency_delta_max: fc.double({ min: 0, max: 10, noNaN: true }),
  replay_determinism_failures_max: fc.nat(2),
});

export function snapshotOf(
  values: MetricsSnapshot['values'],
  over: Partial<Omit<MetricsSnapshot, 'values'>> = {},
): MetricsSnapshot {
  return {
    snapshot_version: SNAPSHOT_VERSION,
    release_hash: new Uint8Array(32).fill(1),
    environment: 'staging',
    stage_index: 0,
    cohort_percent: 25,
    shard_id: '',
    source: { kind: 'file', ref: 'metrics.json' },
    queries: {},
    window_seconds: 300,
    evaluation_time_utc: '2026-11-24T00:00:00Z',
    values,
    ...over,
  };
}
