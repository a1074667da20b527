// `rollgate status` and `rollgate health` through the built CLI, and state.json keeping keys
// it does not own (wasm_deliverables, environments) across cycles.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordCycle } from '../../src/providers/record-cycle.js';
import { runCliDist } from '../helpers/run-dist.js';

const counters = {
  discovered_cases: 1,
  queued_cases: 1,
  applied_cases: 1,
  duplicate_skips: 0,
  malformed_cases: 0,
  retryable_failures: 0,
  retry_attempts: 0,
  failed_cases: 0,
  upserted_rollouts: 1,
  wasm_rollouts: 0,
  cloud_rollouts: 1,
};

describe('rollgate status / health', () => {
  it('exit 1 with STATE_FILE_MISSING when there is no state.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-status-'));
    const run = runCliDist(process.execPath, ['status', '--state-dir', join(dir, 'nothing')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error\[STATE_FILE_MISSING 2320\]/);
  });

  it('prints the status report and the health row as JSON and as text', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-status-')), '.rollgate');
    await recordCycle(dir, counters, { now_unix_ms: 1_700_000_000_000, duration_ms: 5 });
    const status = runCliDist(process.execPath, ['status', '--state-dir', dir, '--json']);
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      health_state: 'healthy',
      rollout_gate: 'pass',
      last_reason_codes: ['cloud_rollout_applied'],
      events_log_present: true,
    });
    const health = runCliDist(process.execPath, ['health', '--state-dir', dir, '--json']);
    expect(JSON.parse(health.stdout)).toEqual([
      expect.objectContaining({ transport: 'deployment', target: 'cloud-and-wasm-runtime' }),
    ]);
    expect(runCliDist(process.execPath, ['health', '--state-dir', dir]).stdout).toMatch(
      /^transport health inspect: transport=deployment target=cloud-and-wasm-runtime state_path=.* failure_streak=0 /,
    );
    expect(runCliDist(process.execPath, ['status', '--state-dir', dir]).stdout).toMatch(
      /^deployment status inspect: .*rollout_gate=pass .*last_cycle_completed=1\n$/,
    );
  });

  it('refuses a damaged state.json with STATE_FILE_INVALID, leaving it as it was', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-status-')), '.rollgate');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'state.json'), '{"schema_version": 1, "rollouts": [');
    expect(runCliDist(process.execPath, ['status', '--state-dir', dir]).stderr).toMatch(/STATE_FILE_INVALID/);
    await expect(recordCycle(dir, counters, { now_unix_ms: 1, duration_ms: 1 })).rejects.toMatchObject({
      code: 'STATE_FILE_INVALID',
    });
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{"schema_version": 1, "rollouts": [');
  });
});

it('a cycle keeps wasm_deliverables and other keys it does not own', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-status-')), '.rollgate');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'state.json'),
    JSON.stringify({
      schema_version: 1,
      wasm_deliverables: [{ blueprint_id: 'edge-wasm' }],
      environments: { staging: {} },
    }),
  );
  await recordCycle(dir, counters, { now_unix_ms: 1, duration_ms: 1 });
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
  expect(state.wasm_deliverables).toEqual([{ blueprint_id: 'edge-wasm' }]);
  expect(state.environments).toEqual({ staging: {} });
  expect(Object.keys(state).slice(0, 4)).toEqual(['schema_version', 'processed_case_keys', 'rollouts', 'health']);
});
