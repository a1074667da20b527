// The health the rollout gate reads (DESIGN 5, 8.1): state.json's classification when the
// store has one (the runtime classifies it), else the stage verdicts themselves: a halted
// shard holds the rollout.
import type { HealthInput, ShardEvidence } from './rollout-gate.js';

export function rolloutHealth(
  classified: Pick<HealthInput, 'state' | 'rollout_gate' | 'reason'> | undefined,
  shards: readonly ShardEvidence[],
): HealthInput {
  if (classified) {
    const { state, rollout_gate, reason } = classified;
    return { state, rollout_gate, reason, source: 'state.json' };
  }
  const failed = shards.some((s) => s.checkpoint?.status === 'halted');
  return failed
    ? { state: 'degraded', rollout_gate: 'hold', reason: 'a stage failed', source: 'stage verdicts' }
    : { state: 'healthy', rollout_gate: 'pass', reason: 'no stage failed', source: 'stage verdicts' };
}
