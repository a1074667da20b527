// The rollout checkpoint (document 000 section 10, DESIGN 5): the rollout cursor, the canary
// exposure and every judged stage's gate state, as canonical CBOR. Restoring it yields the same
// remaining stage sequence, and a judged stage is never judged again with other evidence.
import { Type } from '@sinclair/typebox';
import { equalBytes } from '../core/bytes.js';
import { encodeCanonical } from '../core/cbor.js';
import { formatDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { Count, Digest32, evidenceReader, Exact, OneOf, type Problem } from '../core/evidence-reader.js';
import { validateCohorts } from './cohort-plan.js';

export const CHECKPOINT_VERSION = 'rollgate.rollout-checkpoint/v1';

export type StageVerdict = 'pass' | 'fail';
export const ROLLOUT_STATUSES = ['in_progress', 'completed', 'halted'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

// Type aliases, not interfaces: a checkpoint is a canonical CBOR value as it stands.
export type GateState = {
  readonly stage_index: number;
  readonly cohort_percent: number;
  readonly verdict: StageVerdict;
  readonly metrics_snapshot_hash: Uint8Array;
  readonly gate_report_hash: Uint8Array;
};

export type RolloutCheckpoint = {
  readonly checkpoint_version: typeof CHECKPOINT_VERSION;
  readonly release_hash: Uint8Array;
  readonly environment: string;
  readonly cohorts: readonly number[];
  /** Index of the next stage to run; equals cohorts.length when every stage was judged. */
  readonly cursor: number;
  /** Traffic share of the release now: the last judged cohort, 0 before the first. */
  readonly canary_percent: number;
  readonly gate_states: readonly GateState[];
  readonly status: RolloutStatus;
};

export interface PlannedStage {
  readonly stage_index: number;
  readonly cohort_percent: number;
}

export function newCheckpoint(
  releaseHash: Uint8Array,
  environment: string,
  cohorts: readonly number[],
): RolloutCheckpoint {
  return {
    checkpoint_version: CHECKPOINT_VERSION,
    release_hash: releaseHash,
    environment,
    cohorts: [...validateCohorts(cohorts)],
    cursor: 0,
    canary_percent: 0,
    gate_states: [],
    status: 'in_progress',
  };
}

export function remainingStages(checkpoint: RolloutCheckpoint): PlannedStage[] {
  if (checkpoint.status !== 'in_progress') return [];
  return checkpoint.cohorts
    .slice(checkpoint.cursor)
    .map((cohort_percent, i) => ({ stage_index: checkpoint.cursor + i, cohort_percent }));
}

/**
 * The checkpoint after a stage was judged. Re-recording an already judged stage with the same
 * evidence returns the checkpoint unchanged (a re-run job); with other evidence it is refused.
 */
export function recordStage(checkpoint: RolloutCheckpoint, state: GateState): RolloutCheckpoint {
  const judged = checkpoint.gate_states.find((g) => g.stage_index === state.stage_index);
  if (judged) {
    if (
      judged.verdict === state.verdict &&
      equalBytes(judged.metrics_snapshot_hash, state.metrics_snapshot_hash) &&
      equalBytes(judged.gate_report_hash, state.gate_report_hash)
    ) {
      return checkpoint;
    }
    throw new RollgateError(
      'STAGE_EVIDENCE_CHANGED',
      `stage ${state.stage_index} was judged ${judged.verdict} on snapshot ${formatDigest(judged.metrics_snapshot_hash)}; it is not judged again`,
    );
  }
  if (checkpoint.status === 'halted')
    throw new RollgateError('ROLLOUT_HALTED', `the rollout halted at stage ${checkpoint.cursor - 1}`);
  const planned = remainingStages(checkpoint)[0];
  if (!planned || planned.stage_index !== state.stage_index || planned.cohort_percent !== state.cohort_percent) {
    throw new RollgateError(
      'STAGE_OUT_OF_ORDER',
      `next is ${planned ? `stage ${planned.stage_index} at ${planned.cohort_percent}%` : 'nothing: the rollout is complete'}, got stage ${state.stage_index} at ${state.cohort_percent}%`,
    );
  }
  const cursor = checkpoint.cursor + 1;
  return {
    ...checkpoint,
    cursor,
    canary_percent: state.cohort_percent,
    gate_states: [...checkpoint.gate_states, state],
    status: state.verdict === 'fail' ? 'halted' : cursor === checkpoint.cohorts.length ? 'completed' : 'in_progress',
  };
}

export const RolloutCheckpointSchema = Exact({
  checkpoint_version: Type.Literal(CHECKPOINT_VERSION),
  release_hash: Digest32,
  environment: Type.String(),
  cohorts: Type.Array(Count),
  cursor: Count,
  canary_percent: Count,
  gate_states: Type.Array(
    Exact({
      stage_index: Count,
      cohort_percent: Count,
      verdict: OneOf(['pass', 'fail']),
      metrics_snapshot_hash: Digest32,
      gate_report_hash: Digest32,
    }),
  ),
  status: OneOf(ROLLOUT_STATUSES),
});

/**
 * A stored checkpoint is one its gate states replay to: the plan, then each stage recorded in
 * turn, giving the same cursor, exposure and status. A stage listed twice replays as once, so
 * it is refused too: it would leave bytes that hash differently from what they restore to.
 */
function replayProblems(stored: RolloutCheckpoint): Problem[] {
  let replayed: RolloutCheckpoint;
  try {
    replayed = newCheckpoint(stored.release_hash, stored.environment, stored.cohorts);
    for (const g of stored.gate_states) replayed = recordStage(replayed, g);
  } catch (error) {
    if (!(error instanceof RollgateError)) throw error;
    return [{ path: '/gate_states', message: `do not replay: ${error.message}` }];
  }
  if (!equalBytes(encodeCanonical(replayed), encodeCanonical(stored)))
    return [
      { path: '', message: 'cursor, exposure, status or gate states disagree with the replay of its gate states' },
    ];
  return [];
}

/** The reader of stored rollout checkpoints (a step head's `checkpoint`): CHECKPOINT_INVALID. */
export const checkpointReader = evidenceReader('rollout_checkpoint', RolloutCheckpointSchema, {
  refine: replayProblems,
  code: 'CHECKPOINT_INVALID',
});

/** Restores a checkpoint read from the store, replaying its stages to prove it is consistent. */
export function restoreCheckpoint(value: unknown, digest?: Uint8Array): RolloutCheckpoint {
  const result = checkpointReader.check(value, { object_id: 'checkpoint', ...(digest ? { digest } : {}) });
  if (!result.ok) throw result.error;
  return result.value;
}
