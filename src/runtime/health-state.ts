// Runtime health (document 001, DESIGN 5): the health snapshot a cycle leaves in state.json
// and its classification. DESIGN 5 decides where document 001's runtime and runbook differ:
// `failing` at failure_streak >= 3; `degraded` after a failed cycle, or one that saw malformed
// input or retryable failures; else `healthy`. rollout_gate is `pass` only when healthy.

/** Document 001's ten health fields, plus the two DESIGN 5 needs to judge the last cycle. */
export interface HealthSnapshot {
  readonly updated_unix_ms: number;
  readonly cycle_duration_ms: number;
  readonly queue_depth: number;
  readonly active_runs: number;
  readonly failure_streak: number;
  readonly last_cycle_discovered: number;
  readonly last_cycle_processed: number;
  readonly last_cycle_completed: number;
  readonly last_cycle_failed: number;
  readonly last_cycle_duplicates: number;
  readonly last_cycle_malformed: number;
  readonly last_cycle_retryable_failures: number;
}

export const EMPTY_HEALTH: HealthSnapshot = Object.freeze({
  updated_unix_ms: 0,
  cycle_duration_ms: 0,
  queue_depth: 0,
  active_runs: 0,
  failure_streak: 0,
  last_cycle_discovered: 0,
  last_cycle_processed: 0,
  last_cycle_completed: 0,
  last_cycle_failed: 0,
  last_cycle_duplicates: 0,
  last_cycle_malformed: 0,
  last_cycle_retryable_failures: 0,
});

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
