// Which canary stage a step runs (DESIGN 8.1, document 000 section 10): the checkpoint's next,
// or the one asked for by index or cohort. A stage the checkpoint already judged is returned as
// judged (its recorded evidence answers, it is never judged again); a halted rollout or a stage
// out of turn is refused. A re-run job whose first attempt committed the stage resumes it.
import { equalBytes } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';
import type { StepHead } from '../store/step-head-schema.js';
import { remainingStages, type GateState, type PlannedStage, type RolloutCheckpoint } from './checkpoint.js';

/** The operator name a canary stage's step head carries. */
export const STAGE_STEP_OPERATOR = 'canary-stage';

export type StageSelection =
  { readonly kind: 'judged'; readonly stage: GateState } | { readonly kind: 'next'; readonly stage: PlannedStage };

export function selectStage(
  checkpoint: RolloutCheckpoint,
  asked: { readonly stage?: number | undefined; readonly cohort?: number | undefined },
  environment: string,
): StageSelection {
  const judged = checkpoint.gate_states.find(
    (g) => g.stage_index === asked.stage || (asked.stage === undefined && g.cohort_percent === asked.cohort),
  );
  if (judged) return { kind: 'judged', stage: judged };
  const planned = remainingStages(checkpoint)[0];
  if (checkpoint.status === 'halted') {
    throw new RollgateError('ROLLOUT_HALTED', `the rollout of ${environment} halted at a failed stage: roll back`);
  }
  if (
    !planned ||
    (asked.stage !== undefined && asked.stage !== planned.stage_index) ||
    (asked.cohort !== undefined && asked.cohort !== planned.cohort_percent)
  ) {
    throw new RollgateError(
      'STAGE_OUT_OF_ORDER',
      `next is ${planned ? `stage ${planned.stage_index} at ${planned.cohort_percent}%` : 'nothing: every stage was judged'}; asked for ${asked.stage !== undefined ? `stage ${asked.stage}` : `${asked.cohort}%`}`,
    );
  }
  return { kind: 'next', stage: planned };
}

/** Whether `head`, the step after `parent` in the store, is a first attempt at this stage step. */
export function isStageRetry(head: StepHead, parent: Uint8Array): boolean {
  return head.operator === STAGE_STEP_OPERATOR && head.parent !== null && equalBytes(head.parent, parent);
}
