// Document 001's health scenarios, through recordCycle and the inspections, against golden
// state.json, runtime-events.jsonl, status and health JSON (DESIGN 5's rules).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableJson } from '../../src/core/json-view.js';
import { recordCycle } from '../../src/providers/record-cycle.js';
import type { CycleCounters } from '../../src/runtime/cycle.js';
import { reasonCodes } from '../../src/runtime/cycle.js';
import { classifyHealth } from '../../src/runtime/health-state.js';
import { EMPTY_HEALTH, type RolloutRecord, type StateDocument } from '../../src/store/state-document.js';
import { healthLine, healthRow, statusLine, statusReport } from '../../src/runtime/status-inspect.js';
import { readEventsLog, readState } from '../../src/store/state-file.js';
import { expectGolden } from '../helpers/golden.js';
import { ZERO_CYCLE, cycle } from '../helpers/cycles.js';

const zero = ZERO_CYCLE;

const rollout = (over: Partial<RolloutRecord> & { case_id: string; deploy_target: string }): RolloutRecord => ({
  case_key: `${over.deploy_target}:${over.runtime_profile ?? 'native'}:${over.environment ?? 'staging'}:${over.blueprint_id ?? 'svc'}:${over.case_id}`,
  runtime_profile: 'native',
  blueprint_id: 'svc',
  environment: 'staging',
  region: 'iad',
  artifact: 'registry.example/svc:1',
  artifact_sha256: '',
  artifact_size_bytes: 0,
  artifact_manifest: '',
  runtime_constraints: [],
  replicas: 1,
  rollout_strategy: 'recreate',
  status_code: 202,
  outcome: 'success',
  error_code: '',
  updated_unix_ms: 1_700_000_000_000,
  ...over,
});

// rollout-pass.json of document 001's runtime: container staging, kubernetes production with 3
// replicas, wasm production with 2 replicas.
const ROLLOUT_PASS: RolloutRecord[] = [
  rollout({ case_id: 'container-staging', deploy_target: 'container' }),
  rollout({
    case_id: 'k8s-production',
    deploy_target: 'kubernetes',
    environment: 'production',
    replicas: 3,
    rollout_strategy: 'rolling',
  }),
  rollout({
    case_id: 'wasm-production',
    deploy_target: 'wasm',
    runtime_profile: 'wasm_wasi',
    environment: 'production',
    replicas: 2,
    rollout_strategy: 'canary',
    status_code: 201,
    blueprint_id: 'edge-wasm',
    artifact: 'edge.wasm',
  }),
];

async function scenario(name: string, cycles: Array<{ counters: CycleCounters; rollouts?: RolloutRecord[] }>) {
  const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-health-')), '.rollgate');
  let t = 1_700_000_000_000;
  for (const c of cycles) {
    t += 60_000;
    await recordCycle(dir, c.counters, { now_unix_ms: t, duration_ms: 25 }, (s: StateDocument) =>
      c.rollouts ? { ...s, rollouts: [...s.rollouts, ...c.rollouts] } : s,
    );
  }
  const state = (await readState(dir))!;
  const events = await readEventsLog(dir);
  const report = statusReport(
    state,
    { state_path: '.rollgate/state.json', events_log_path: '.rollgate/runtime-events.jsonl' },
    events,
  );
  expectGolden(`runtime/${name}/state.json`, readFileSync(join(dir, 'state.json'), 'utf8'));
  expectGolden(`runtime/${name}/runtime-events.jsonl`, events!);
  expectGolden(`runtime/${name}/status.json`, stableJson(report));
  expectGolden(`runtime/${name}/status.txt`, `${statusLine(report)}\n`);
  const rows = healthRow(state, '.rollgate/state.json');
  expectGolden(`runtime/${name}/health.json`, stableJson(rows));
  expectGolden(`runtime/${name}/health.txt`, `${healthLine(rows[0]!)}\n`);
  return report;
}

const ROLLOUT_PASS_COUNTERS = cycle({
  discovered_cases: 3,
  queued_cases: 3,
  applied_cases: 3,
  upserted_rollouts: 3,
  wasm_rollouts: 1,
  cloud_rollouts: 2,
});
const MIXED = cycle({
  discovered_cases: 3,
  queued_cases: 3,
  applied_cases: 1,
  malformed_cases: 1,
  retryable_failures: 4,
  retry_attempts: 3,
  failed_cases: 1,
  upserted_rollouts: 1,
  wasm_rollouts: 1,
});

describe('document 001 health scenarios', () => {
  it('healthy after a clean cycle (rollout-pass): pass gate, the expected counts and codes', async () => {
    const report = await scenario('healthy', [{ counters: ROLLOUT_PASS_COUNTERS, rollouts: ROLLOUT_PASS }]);
    expect(report).toMatchObject({
      health_state: 'healthy',
      rollout_gate: 'pass',
      target_counts: { container: 1, kubernetes: 1, wasm: 1 },
      status_code_counts: { '201': 1, '202': 2 },
      total_replicas: 6,
      last_reason_codes: ['wasm_rollout_applied', 'cloud_rollout_applied'],
      wasm_rollout_count: 1,
      cloud_rollout_count: 2,
    });
    expect(report.health.queue_depth).toBe(0);
  });

  it('degraded after a cycle with a failed case (mixed-outcomes)', async () => {
    const report = await scenario('degraded', [{ counters: MIXED }]);
    expect(report).toMatchObject({
      health_state: 'degraded',
      rollout_gate: 'hold',
      last_reason_codes: [
        'malformed_inputs_observed',
        'retry_attempted',
        'retryable_failures_observed',
        'case_processing_failed',
        'wasm_rollout_applied',
      ],
    });
  });

  it('degraded after malformed input alone, and after retryable failures alone (DESIGN 5, not the reference code)', async () => {
    expect(
      (
        await scenario('degraded-malformed', [
          { counters: cycle({ discovered_cases: 1, queued_cases: 1, malformed_cases: 1 }) },
        ])
      ).health_state,
    ).toBe('degraded');
    expect(
      (
        await scenario('degraded-retryable', [
          {
            counters: cycle({
              discovered_cases: 1,
              queued_cases: 1,
              applied_cases: 1,
              retryable_failures: 1,
              retry_attempts: 1,
            }),
          },
        ])
      ).health_state,
    ).toBe('degraded');
  });

  it('failing after three failed cycles, then reset to healthy after a clean one', async () => {
    const failing = await scenario('failing', [{ counters: MIXED }, { counters: MIXED }, { counters: MIXED }]);
    expect(failing).toMatchObject({ health_state: 'failing', rollout_gate: 'hold', cycle_reports: 3 });
    expect(failing.health.failure_streak).toBe(3);
    const reset = await scenario('reset', [
      { counters: MIXED },
      { counters: MIXED },
      { counters: MIXED },
      { counters: cycle({ discovered_cases: 1, queued_cases: 1, duplicate_skips: 1 }) },
    ]);
    expect(reset).toMatchObject({
      health_state: 'healthy',
      rollout_gate: 'pass',
      last_reason_codes: ['duplicate_cases_skipped'],
    });
    expect(reset.health.failure_streak).toBe(0);
  });
});

describe('health rules', () => {
  it('streak 1 and 2 are degraded, 3 is failing', () => {
    expect([1, 2, 3].map((failure_streak) => classifyHealth({ ...EMPTY_HEALTH, failure_streak }).state)).toEqual([
      'degraded',
      'degraded',
      'failing',
    ]);
  });
  it('healthy_cycle appears only when no other code applies; backpressure comes first', () => {
    expect(reasonCodes(zero)).toEqual(['healthy_cycle']);
    expect(reasonCodes(cycle({ discovered_cases: 5, queued_cases: 2, cloud_rollouts: 1 }))).toEqual([
      'queue_backpressure_applied',
      'cloud_rollout_applied',
    ]);
  });
});

describe('inspections of odd logs', () => {
  it('counts a line that is not a JSON object as invalid, skips blanks, and reports a missing log', () => {
    const state = {
      schema_version: 1 as const,
      processed_case_keys: [],
      rollouts: [],
      health: { ...EMPTY_HEALTH, failure_streak: 2 },
    };
    const paths = { state_path: 's', events_log_path: 'e' };
    const withBad = statusReport(
      state,
      paths,
      '{"reason_codes":["healthy_cycle"],"health_reason":""}\n\nnot json\n[1]\n',
    );
    expect(withBad).toMatchObject({
      cycle_reports: 1,
      invalid_cycle_reports: 2,
      events_log_present: true,
      health_state: 'degraded',
    });
    expect(withBad.health_reason).toMatch(/failure_streak=2/);
    expect(statusReport(state, paths, undefined)).toMatchObject({
      events_log_present: false,
      rollout_gate: 'hold',
      cycle_reports: 0,
    });
  });
});
