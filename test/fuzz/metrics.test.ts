// Metrics as a file or command gives them: mutated metrics JSON ends in METRICS_INVALID or in
// raw values that freeze to their declared types (a count is a safe non-negative integer, a
// latency a binary64 float, anything else a visible marker or null) and into a snapshot that
// encodes canonically, with a hash that is the same on every computation.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { isF64 } from '../../src/core/cbor.js';
import { freezeValues, snapshotHash, type FrozenValue } from '../../src/deploy/metrics-snapshot.js';
import { parseMetricsJson } from '../../src/providers/metrics/metrics-json.js';
import { settle } from '../adversarial/harness.js';
import { jsonDocuments } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';
import { snapshotOf } from './snapshots.js';

const METRICS = {
  requests: 10_000,
  errors: '12',
  p95_baseline_ms: 101.5,
  p95_canary_ms: null,
  replay_determinism_failures: 0,
};
const MARKERS: readonly FrozenValue[] = [null, 'NaN', 'Infinity', '-Infinity'];
const isCount = (v: FrozenValue) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

describe('metrics', () => {
  it('metrics JSON: METRICS_INVALID, or values frozen to their types into a snapshot that encodes', async () => {
    await fuzz('metrics/json-freeze', jsonDocuments(METRICS), async (text) => {
      const outcome = await settle(() => parseMetricsJson(text, 'metrics.json'), ['METRICS_INVALID']);
      if (!outcome.ok) return false;
      const values = freezeValues(outcome.value);
      for (const name of ['requests', 'errors', 'replay_determinism_failures'] as const)
        expect(isCount(values[name]) || MARKERS.includes(values[name])).toBe(true);
      for (const name of ['p95_baseline_ms', 'p95_canary_ms'] as const)
        expect(isF64(values[name]) || MARKERS.includes(values[name])).toBe(true);
      const hash = snapshotHash(snapshotOf(values));
      expect(toHex(snapshotHash(snapshotOf(freezeValues(outcome.value))))).toBe(toHex(hash));
      return true;
    });
  });
});
