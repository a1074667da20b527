// Runtime health (document 001, DESIGN 5): the classification of the health snapshot a cycle
// leaves in state.json (whose fields store/state-document.ts defines). DESIGN 5 decides where
// document 001's runtime and runbook differ: `failing` at failure_streak >= 3; `degraded` after
// a failed cycle, or one that saw malformed input or retryable failures; else `healthy`.
// rollout_gate is `pass` only when healthy.
import type { HealthSnapshot } from '../store/state-document.js';

export type HealthState = 'healthy' | 'degraded' | 'failing';
export type RolloutGate = 'pass' | 'hold';

export interface HealthClassification {
  readonly state: HealthState;
  readonly reason: string;
  readonly recommendation: string;
  readonly rollout_gate: RolloutGate;
}

export function classifyHealth(h: HealthSnapshot): HealthClassification {
  if (h.failure_streak >= 3) {
    return {
      state: 'failing',
      reason: `failures are sustained (failure_streak=${h.failure_streak})`,
      recommendation: 'treat as a rollout gate failure: pause promotion and investigate the repeated failures',
      rollout_gate: 'hold',
    };
  }
  if (
    h.failure_streak > 0 ||
    h.last_cycle_failed > 0 ||
    h.last_cycle_malformed > 0 ||
    h.last_cycle_retryable_failures > 0
  ) {
    return {
      state: 'degraded',
      reason: `recent failures observed (failure_streak=${h.failure_streak}, last_cycle_failed=${h.last_cycle_failed}, last_cycle_malformed=${h.last_cycle_malformed}, last_cycle_retryable_failures=${h.last_cycle_retryable_failures})`,
      recommendation: 'inspect runtime-events.jsonl and watch the next cycle',
      rollout_gate: 'hold',
    };
  }
  return {
    state: 'healthy',
    reason: 'no recent failures observed',
    recommendation: 'no immediate action required',
    rollout_gate: 'pass',
  };
}
