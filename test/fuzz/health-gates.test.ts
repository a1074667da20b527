// EvaluateHealthGates_v1 as an operator (test/deploy/health-gates.test.ts covers each threshold
// by example): its report is a pure function of the snapshot's values and the thresholds, the
// verdict passes exactly when every gate does and never on a missing or non-finite input, and a
// passing snapshot keeps passing when every metric gets better.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { encodeCanonical, f64, isF64 } from '../../src/core/cbor.js';
import { evaluateHealthGates } from '../../src/deploy/health-gates.js';
import type { FrozenValue, MetricsSnapshot } from '../../src/deploy/metrics-snapshot.js';
import { fuzz } from './fuzz-runs.js';
import { SNAPSHOT_VALUES, THRESHOLDS, snapshotOf } from './snapshots.js';

const HASH = new Uint8Array(32).fill(3);
const finite = (v: FrozenValue) => typeof v === 'number' || (isF64(v) && Number.isFinite(v.value));
const num = (v: FrozenValue) => (isF64(v) ? v.value : (v as number));

/** Everything in a snapshot but its values, for the same values judged in another context. */
const CONTEXT = fc.record({
  release_hash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  environment: fc.string({ maxLength: 8 }),
  source: fc.record({ kind: fc.constantFrom('file', 'command', 'prometheus'), ref: fc.string({ maxLength: 8 }) }),
  queries: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  window_seconds: fc.nat(86_400),
  evaluation_time_utc: fc.constantFrom('2026-01-01T00:00:00Z', '2027-06-30T12:00:00Z'),
});

/** The values with every metric better or equal: more requests, fewer errors and replays, a faster canary. */
const better = (values: MetricsSnapshot['values']) =>
  fc
    .record({
      requests: fc.nat(1_000_000),
      errors: fc.nat(100),
      canary: fc.double({ min: 0, max: 1_000, noNaN: true }),
      replays: fc.nat(3),
    })
    .map((d) => ({
      ...values,
      requests: finite(values.requests)
        ? Math.min(Number.MAX_SAFE_INTEGER, num(values.requests) + d.requests)
        : values.requests,
      errors: finite(values.errors) ? Math.max(0, num(values.errors) - d.errors) : values.errors,
      p95_canary_ms: finite(values.p95_canary_ms) ? f64(num(values.p95_canary_ms) - d.canary) : values.p95_canary_ms,
      replay_determinism_failures: finite(values.replay_determinism_failures)
        ? Math.max(0, num(values.replay_determinism_failures) - d.replays)
        : values.replay_determinism_failures,
    }));

describe('EvaluateHealthGates_v1', () => {
  it('the report depends on the values and thresholds only; pass is every gate passing on finite inputs', async () => {
    await fuzz('deploy/health-gates', fc.tuple(SNAPSHOT_VALUES, THRESHOLDS, CONTEXT), ([values, t, context]) => {
      const report = evaluateHealthGates(snapshotOf(values), HASH, t);
      const elsewhere = evaluateHealthGates(snapshotOf(values, context), HASH, t);
      expect(toHex(encodeCanonical(report))).toBe(
        toHex(encodeCanonical(evaluateHealthGates(snapshotOf(values), HASH, t))),
      );
      expect(toHex(encodeCanonical(elsewhere.gates))).toBe(toHex(encodeCanonical(report.gates)));
      expect(elsewhere.verdict).toBe(report.verdict);
      expect(report.verdict === 'pass').toBe(report.gates.every((g) => g.result === 'pass'));
      if (report.verdict === 'pass') expect(Object.values(values).every(finite)).toBe(true);
      return report.verdict === 'pass';
    });
  });

  it('a passing snapshot keeps passing when every metric gets better', async () => {
    const passing = fc
      .tuple(SNAPSHOT_VALUES, THRESHOLDS)
      .filter(([values, t]) => evaluateHealthGates(snapshotOf(values), HASH, t).verdict === 'pass');
    const input = passing.chain(([values, t]) => fc.tuple(fc.constant(t), better(values)));
    await fuzz('deploy/health-gates-monotone', input, ([t, improved]) => {
      expect(evaluateHealthGates(snapshotOf(improved), HASH, t).verdict).toBe('pass');
      return true;
    });
  });
});
