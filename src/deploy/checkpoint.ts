// The rollout checkpoint (document 000 section 10, DESIGN 5): the rollout cursor, the canary
// exposure and every judged stage's gate state, as canonical CBOR. Restoring it yields the same
// remaining stage sequence, and a judged stage is never judged again with other evidence.
import { equalBytes } from '../core/bytes.js';
import { encodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { validateCohorts } from './cohort-plan.js';

export const CHECKPOINT_VERSION = 'rollgate.rollout-checkpoint/v1';

export type StageVerdict = 'pass' | 'fail';
export type RolloutStatus = 'in_progress' | 'completed' | 'halted';

export interface GateState {
  readonly stage_index: number;
  readonly cohort_percent: number;
  readonly verdict: StageVerdict;
  readonly metrics_snapshot_hash: Uint8Array;
  readonly gate_report_hash: Uint8Array;
}

export interface RolloutCheckpoint {
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
}

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

function invalid(why: string): RollgateError {
  return new RollgateError('CHECKPOINT_INVALID', `rollout checkpoint: ${why}`);
}

const isDigest = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.length === 32;

/** Restores a checkpoint read from the store, replaying its stages to prove it is consistent. */
export function restoreCheckpoint(value: CborValue): RolloutCheckpoint {
  const v = value as Record<string, unknown>;
  if (typeof v !== 'object' || v === null || v.checkpoint_version !== CHECKPOINT_VERSION)
    throw invalid('not a rollout checkpoint');
  if (
    !isDigest(v.release_hash) ||
    typeof v.environment !== 'string' ||
    !Array.isArray(v.cohorts) ||
    !Array.isArray(v.gate_states)
  ) {
    throw invalid('malformed fields');
  }
  let replayed: RolloutCheckpoint;
  try {
    replayed = newCheckpoint(v.release_hash, v.environment, v.cohorts as number[]);
    for (const g of v.gate_states as Array<Record<string, unknown>>) {
      if (
        typeof g !== 'object' ||
        g === null ||
        !isDigest(g.metrics_snapshot_hash) ||
        !isDigest(g.gate_report_hash) ||
        (g.verdict !== 'pass' && g.verdict !== 'fail')
      ) {
        throw invalid('malformed gate state');
      }
      replayed = recordStage(replayed, {
        stage_index: g.stage_index as number,
        cohort_percent: g.cohort_percent as number,
        verdict: g.verdict,
        metrics_snapshot_hash: g.metrics_snapshot_hash,
        gate_report_hash: g.gate_report_hash,
      });
    }
  } catch (error) {
    if (error instanceof RollgateError && error.code === 'CHECKPOINT_INVALID') throw error;
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  const keys = Object.keys(v).sort().join(',');
  if (
    keys !== Object.keys(replayed).sort().join(',') ||
    v.cursor !== replayed.cursor ||
    v.canary_percent !== replayed.canary_percent ||
    v.status !== replayed.status
  ) {
    throw invalid('cursor, exposure or status disagree with the recorded gate states');
  }
  // A stage listed twice replays as once, and unknown fields of a gate state are not replayed:
  // either would leave stored bytes that hash differently from the checkpoint they restore to.
  if (!equalBytes(encodeCanonical(replayed), encodeCanonical(value)))
    throw invalid('the gate states are not exactly those their replay records');
  return replayed;
}
