// Matrix scale-out (DESIGN 3): each shard (region, instance) freezes its own snapshot; the gate
// judges every shard and passes only if all pass. Reports are ordered by shard id, so the
// verdict and its bytes do not depend on which shard finished first.
import { equalBytes } from '../core/bytes.js';
import { compareText, RollgateError } from '../core/errors.js';
import { evaluateHealthGates, type GateReport, type GateThresholds } from './health-gates.js';
import type { MetricsSnapshot } from './metrics-snapshot.js';

export interface ShardVerdict {
  readonly shards: readonly GateReport[];
  readonly verdict: 'pass' | 'fail';
}

export function evaluateShards(
  snapshots: ReadonlyArray<{ snapshot: MetricsSnapshot; hash: Uint8Array }>,
  thresholds: GateThresholds,
): ShardVerdict {
  const sorted = [...snapshots].sort((a, b) => compareText(a.snapshot.shard_id, b.snapshot.shard_id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.snapshot.shard_id === sorted[i]!.snapshot.shard_id) {
      throw new RollgateError(
        'TRACE_ARTIFACT_MISSING',
        `two snapshots for shard ${JSON.stringify(sorted[i]!.snapshot.shard_id)}`,
      );
    }
    const [a, b] = [sorted[0]!.snapshot, sorted[i]!.snapshot];
    if (
      !equalBytes(a.release_hash, b.release_hash) ||
      a.stage_index !== b.stage_index ||
      a.environment !== b.environment
    ) {
      throw new RollgateError(
        'TRACE_ARTIFACT_MISSING',
        `shard ${JSON.stringify(b.shard_id)} judged another stage or release than shard ${JSON.stringify(a.shard_id)}`,
      );
    }
  }
  const shards = sorted.map(({ snapshot, hash }) => evaluateHealthGates(snapshot, hash, thresholds));
  return { shards, verdict: shards.length > 0 && shards.every((s) => s.verdict === 'pass') ? 'pass' : 'fail' };
}
