// Runtime cycle counters from literals: every counter zero unless the test says otherwise.
import type { CycleCounters } from '../../src/runtime/cycle.js';

export const ZERO_CYCLE: CycleCounters = Object.freeze({
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

export const cycle = (counters: Partial<CycleCounters>): CycleCounters => ({ ...ZERO_CYCLE, ...counters });
