// One runtime cycle's counters, the health it leaves, its reason codes in document 001's fixed
// order, and its runtime-events.jsonl line. Pure: the time arrives as data.
import { classifyHealth } from './health-state.js';
import type { HealthSnapshot } from '../store/state-document.js';

export interface CycleCounters {
  readonly discovered_cases: number;
  readonly queued_cases: number;
  readonly applied_cases: number;
  readonly duplicate_skips: number;
  readonly malformed_cases: number;
  readonly retryable_failures: number;
  readonly retry_attempts: number;
  readonly failed_cases: number;
  readonly upserted_rollouts: number;
  readonly wasm_rollouts: number;
  readonly cloud_rollouts: number;
}

/** Every counter zero: a cycle's starting point. */
export const ZERO_COUNTERS: CycleCounters = Object.freeze({
  discovered_cases: 0,
  queued_cases: 0,
  applied_cases: 0,
  duplicate_skips: 0,
  malformed_cases: 0,
  retryable_failures: 0,
  retry_attempts: 0,
  failed_cases: 0,
  upserted_rollouts: 0,
  wasm_rollouts: 0,
  cloud_rollouts: 0,
});

export const REASON_CODES = [
  'queue_backpressure_applied',
  'duplicate_cases_skipped',
  'malformed_inputs_observed',
  'retry_attempted',
  'retryable_failures_observed',
  'case_processing_failed',
  'wasm_rollout_applied',
  'cloud_rollout_applied',
  'healthy_cycle',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export function reasonCodes(c: CycleCounters): ReasonCode[] {
  const codes: ReasonCode[] = [];
  if (c.discovered_cases > c.queued_cases) codes.push('queue_backpressure_applied');
  if (c.duplicate_skips > 0) codes.push('duplicate_cases_skipped');
  if (c.malformed_cases > 0) codes.push('malformed_inputs_observed');
  if (c.retry_attempts > 0) codes.push('retry_attempted');
  if (c.retryable_failures > 0) codes.push('retryable_failures_observed');
  if (c.failed_cases > 0) codes.push('case_processing_failed');
  if (c.wasm_rollouts > 0) codes.push('wasm_rollout_applied');
  if (c.cloud_rollouts > 0) codes.push('cloud_rollout_applied');
  return codes.length > 0 ? codes : ['healthy_cycle'];
}

/** The health a cycle leaves: the streak grows on failed cases and resets on a clean cycle. */
export function healthAfter(
  previous: HealthSnapshot,
  c: CycleCounters,
  at: { now_unix_ms: number; duration_ms: number },
): HealthSnapshot {
  return {
    updated_unix_ms: at.now_unix_ms,
    cycle_duration_ms: at.duration_ms,
    queue_depth: c.discovered_cases - c.queued_cases,
    active_runs: 0,
    failure_streak: c.failed_cases > 0 ? previous.failure_streak + 1 : 0,
    last_cycle_discovered: c.discovered_cases,
    last_cycle_processed: c.applied_cases + c.malformed_cases + c.failed_cases + c.duplicate_skips,
    last_cycle_completed: c.applied_cases + c.malformed_cases,
    last_cycle_failed: c.failed_cases,
    last_cycle_duplicates: c.duplicate_skips,
    last_cycle_malformed: c.malformed_cases,
    last_cycle_retryable_failures: c.retryable_failures,
  };
}

/** A runtime-events.jsonl line, its fields in document 001's order. */
export function eventLine(health: HealthSnapshot, c: CycleCounters): string {
  const classification = classifyHealth(health);
  return JSON.stringify({
    timestamp_unix_ms: health.updated_unix_ms,
    health_state: classification.state,
    health_reason: classification.reason,
    reason_codes: reasonCodes(c),
    discovered_cases: c.discovered_cases,
    queued_cases: c.queued_cases,
    applied_cases: c.applied_cases,
    duplicate_skips: c.duplicate_skips,
    malformed_cases: c.malformed_cases,
    retryable_failures: c.retryable_failures,
    retry_attempts: c.retry_attempts,
    failed_cases: c.failed_cases,
    upserted_rollouts: c.upserted_rollouts,
    wasm_rollouts: c.wasm_rollouts,
    cloud_rollouts: c.cloud_rollouts,
    backlog_cases: c.discovered_cases - c.queued_cases,
    failure_streak: health.failure_streak,
  });
}
