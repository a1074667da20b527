// The rules under the golden scenarios, one at a time: the failure streak, each cause of
// `degraded`, the reason-code order, the event line's field order, and what state.json refuses.
import { describe, expect, it } from 'vitest';
import { isRollgateError } from '../../src/core/errors.js';
import { eventLine, healthAfter, reasonCodes, REASON_CODES } from '../../src/runtime/cycle.js';
import { classifyHealth } from '../../src/runtime/health-state.js';
import {
  EMPTY_HEALTH,
  emptyState,
  parseState,
  serializeState,
  type RolloutRecord,
} from '../../src/store/state-document.js';
import { ZERO_CYCLE, cycle } from '../helpers/cycles.js';

const zero = ZERO_CYCLE;
const AT = { now_unix_ms: 1_700_000_000_000, duration_ms: 7 };

describe('failure streak', () => {
  it('grows by one on a cycle with failed cases and resets to 0 on any other', () => {
    const failed = cycle({ discovered_cases: 1, queued_cases: 1, failed_cases: 1 });
    const one = healthAfter(EMPTY_HEALTH, failed, AT);
    const two = healthAfter(one, failed, AT);
    expect([one.failure_streak, two.failure_streak]).toEqual([1, 2]);
    // Malformed input and retryable failures degrade the cycle but are not failed cases.
    const noisy = cycle({ discovered_cases: 2, queued_cases: 2, malformed_cases: 1, retryable_failures: 1 });
    expect(healthAfter(two, noisy, AT).failure_streak).toBe(0);
  });

  it('derives the snapshot fields as document 001 does', () => {
    const h = healthAfter(
      EMPTY_HEALTH,
      cycle({
        discovered_cases: 9,
        queued_cases: 6,
        applied_cases: 2,
        duplicate_skips: 1,
        malformed_cases: 1,
        failed_cases: 2,
        retryable_failures: 5,
      }),
      AT,
    );
    expect(h).toEqual({
      updated_unix_ms: AT.now_unix_ms,
      cycle_duration_ms: 7,
      queue_depth: 3,
      active_runs: 0,
      failure_streak: 1,
      last_cycle_discovered: 9,
      last_cycle_processed: 6,
      last_cycle_completed: 3,
      last_cycle_failed: 2,
      last_cycle_duplicates: 1,
      last_cycle_malformed: 1,
      last_cycle_retryable_failures: 5,
    });
  });
});

describe('classifyHealth (DESIGN 5 over the reference runtime)', () => {
  it.each([
    ['a clean snapshot', {}, 'healthy', 'pass'],
    ['failed cases in the last cycle', { last_cycle_failed: 1 }, 'degraded', 'hold'],
    ['a streak below 3', { failure_streak: 2 }, 'degraded', 'hold'],
    ['malformed input only', { last_cycle_malformed: 1 }, 'degraded', 'hold'],
    ['retryable failures only', { last_cycle_retryable_failures: 1 }, 'degraded', 'hold'],
    ['a streak of 3', { failure_streak: 3 }, 'failing', 'hold'],
    ['duplicates and backlog only', { last_cycle_duplicates: 4, queue_depth: 9 }, 'healthy', 'pass'],
  ])('%s → %s', (_name, fields, state, gate) => {
    const c = classifyHealth({ ...EMPTY_HEALTH, ...fields });
    expect([c.state, c.rollout_gate]).toEqual([state, gate]);
  });

  it('names the cause in the reason', () => {
    expect(classifyHealth({ ...EMPTY_HEALTH, failure_streak: 4 }).reason).toMatch(/failure_streak=4/);
    expect(classifyHealth({ ...EMPTY_HEALTH, last_cycle_malformed: 2 }).reason).toMatch(/last_cycle_malformed=2/);
    expect(classifyHealth({ ...EMPTY_HEALTH, last_cycle_retryable_failures: 3 }).reason).toMatch(
      /last_cycle_retryable_failures=3/,
    );
  });
});

describe('reason codes and the event line', () => {
  it('lists every applicable code in the fixed order, and healthy_cycle only alone', () => {
    const all = cycle({
      discovered_cases: 9,
      queued_cases: 8,
      duplicate_skips: 1,
      malformed_cases: 1,
      retry_attempts: 1,
      retryable_failures: 1,
      failed_cases: 1,
      wasm_rollouts: 1,
      cloud_rollouts: 1,
    });
    expect(reasonCodes(all)).toEqual(REASON_CODES.filter((c) => c !== 'healthy_cycle'));
    expect(reasonCodes(cycle({ discovered_cases: 2, queued_cases: 2 }))).toEqual(['healthy_cycle']);
  });

  it('writes the fields in the reference order, on one line', () => {
    const line = eventLine(healthAfter(EMPTY_HEALTH, zero, AT), zero);
    expect(line).not.toContain('\n');
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      'timestamp_unix_ms',
      'health_state',
      'health_reason',
      'reason_codes',
      'discovered_cases',
      'queued_cases',
      'applied_cases',
      'duplicate_skips',
      'malformed_cases',
      'retryable_failures',
      'retry_attempts',
      'failed_cases',
      'upserted_rollouts',
      'wasm_rollouts',
      'cloud_rollouts',
      'backlog_cases',
      'failure_streak',
    ]);
  });
});

describe('state.json', () => {
  const code = (text: string): string | undefined => {
    try {
      parseState(text, 'state.json');
      return undefined;
    } catch (error) {
      return isRollgateError(error) ? error.code : 'not coded';
    }
  };

  it('refuses what a rewrite would lose or misread, and defaults what is absent', () => {
    expect(code('{"rollouts": [')).toBe('STATE_FILE_INVALID');
    expect(code('[]')).toBe('STATE_FILE_INVALID');
    expect(code('{"schema_version": 2}')).toBe('STATE_FILE_INVALID');
    expect(code('{"processed_case_keys": [1]}')).toBe('STATE_FILE_INVALID');
    expect(code('{"rollouts": ["x"]}')).toBe('STATE_FILE_INVALID');
    expect(code('{"health": {"failure_streak": "2"}}')).toBe('STATE_FILE_INVALID');
    expect(parseState('{}', 'state.json')).toEqual(emptyState());
  });

  it('writes rollouts in document 001 field order whatever order they were built in', () => {
    const rollout = { updated_unix_ms: 1, zeta: true, case_id: 'c', case_key: 'k' } as unknown as RolloutRecord;
    const text = serializeState({ ...emptyState(), rollouts: [rollout], wasm_deliverables: [], environments: {} });
    const doc = JSON.parse(text) as { rollouts: object[] };
    expect(Object.keys(doc)).toEqual([
      'schema_version',
      'processed_case_keys',
      'rollouts',
      'health',
      'environments',
      'wasm_deliverables',
    ]);
    expect(Object.keys(doc.rollouts[0]!)).toEqual(['case_key', 'case_id', 'updated_unix_ms', 'zeta']);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
