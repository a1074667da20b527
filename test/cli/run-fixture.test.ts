// `rollgate run-fixture` in process through runCli (the registered program, no build): the
// reference runner's two text lines, the JSON report, `rollgate status` over the state it
// leaves (document 001 §9's demo expectations), and its refusals with their exit codes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/deps.js';
import type { CliOutput } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/program.js';
import { hasSharedVectors, sharedVectors } from '../helpers/vectors.js';
import { testHost } from '../helpers/host.js';

const vector = (name: string) => resolve(sharedVectors, 'tau-deployment', name);

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: CliOutput = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const deps: CliDeps = { output, now: () => 1_700_000_000, env: {}, host: testHost() };
  const code = await runCli(argv, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const stateDir = () => join(mkdtempSync(join(tmpdir(), 'rollgate-run-fixture-')), '.rollgate');

describe.skipIf(!hasSharedVectors)('rollgate run-fixture', () => {
  it('rollout-pass: the two summary lines, then status shows the demo counts; a rerun skips duplicates', async () => {
    const dir = stateDir();
    const run = await cli(['run-fixture', '--fixture', vector('rollout-pass.json'), '--state-dir', dir]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out.split('\n')).toEqual([
      'deployment runner summary: discovered=3 queued=3 applied=3 duplicate_skips=0 malformed=0 retryable_failures=0 retries=0 failed=0 upserted_rollouts=3 wasm_rollouts=1 cloud_rollouts=2',
      'deployment runner health: state=healthy failure_streak=0 queue_depth=0 reason=no recent failures observed',
    ]);

    const status = await cli(['status', '--state-dir', dir, '--json']);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      health_state: 'healthy',
      rollout_gate: 'pass',
      processed_case_count: 3,
      rollout_count: 3,
      target_counts: { container: 1, kubernetes: 1, wasm: 1 },
      status_code_counts: { '201': 1, '202': 2 },
      total_replicas: 6,
      wasm_rollout_count: 1,
      cloud_rollout_count: 2,
      last_reason_codes: ['wasm_rollout_applied', 'cloud_rollout_applied'],
    });

    const rerun = await cli(['run-fixture', '--fixture', vector('rollout-pass.json'), '--state-dir', dir, '--json']);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.out)).toMatchObject({
      duplicate_skips: 3,
      applied_cases: 0,
      reason_codes: ['duplicate_cases_skipped'],
      health_state: 'healthy',
      rollout_gate: 'pass',
    });
  });

  it('mixed-outcomes --json: the counters, codes, degraded and hold; exit 0 (the cycle itself ran)', async () => {
    const dir = stateDir();
    const run = await cli(['run-fixture', '--fixture', vector('mixed-outcomes.json'), '--state-dir', dir, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      discovered_cases: 3,
      queued_cases: 3,
      applied_cases: 1,
      malformed_cases: 1,
      retryable_failures: 4,
      retry_attempts: 3,
      failed_cases: 1,
      reason_codes: [
        'malformed_inputs_observed',
        'retry_attempted',
        'retryable_failures_observed',
        'case_processing_failed',
        'wasm_rollout_applied',
      ],
      health_state: 'degraded',
      rollout_gate: 'hold',
      failure_streak: 1,
      queue_depth: 0,
      state_path: join(dir, 'state.json'),
    });
    expect(report.health_reason).toContain('failure_streak=1');
    const status = JSON.parse((await cli(['status', '--state-dir', dir, '--json'])).out) as Record<string, unknown>;
    expect(status).toMatchObject({ health_state: 'degraded', rollout_gate: 'hold' });
  });

  it('passes the options through: --queue-limit 2 and --retry-max-attempts 2', async () => {
    const dir = stateDir();
    const run = await cli([
      'run-fixture',
      '--fixture',
      vector('mixed-outcomes.json'),
      '--state-dir',
      dir,
      '--queue-limit',
      '2',
      '--retry-max-attempts',
      '2',
      '--processed-case-cap',
      '1',
      '--retry-base-delay-ms',
      '1',
    ]);
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toBe(
      'deployment runner summary: discovered=3 queued=2 applied=0 duplicate_skips=0 malformed=1 retryable_failures=2 retries=1 failed=1 upserted_rollouts=0 wasm_rollouts=0 cloud_rollouts=0',
    );
    expect(run.out.split('\n')[1]).toMatch(/^deployment runner health: state=degraded failure_streak=1 queue_depth=1 /);
  });

  it.each([
    ['--queue-limit', '0'],
    ['--processed-case-cap', '0'],
    ['--retry-max-attempts', '0'],
    ['--retry-base-delay-ms', 'soon'],
  ])('refuses %s %s with INPUT_INVALID, writing nothing', async (flag, value) => {
    const dir = stateDir();
    const run = await cli(['run-fixture', '--fixture', vector('rollout-pass.json'), '--state-dir', dir, flag, value]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('error[INPUT_INVALID 2501]');
    expect(existsSync(dir)).toBe(false);
  });

  it('exits 1 with FIXTURE_INVALID for the invalid reference fixtures, and FILE_NOT_FOUND for no file', async () => {
    const dir = stateDir();
    const dup = await cli(['run-fixture', '--fixture', vector('invalid-duplicate-case-id.json'), '--state-dir', dir]);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('error[FIXTURE_INVALID 2015]: ');
    expect(dup.err).toContain("duplicate case_id 'duplicate-case'");
    const code = await cli(['run-fixture', '--fixture', vector('invalid-error-code.json'), '--state-dir', dir]);
    expect(code.code).toBe(1);
    expect(code.err).toContain("uses unsupported error_code 'deployment_not_a_real_error'");
    const absent = await cli(['run-fixture', '--fixture', join(dir, 'nope.json'), '--state-dir', dir]);
    expect(absent.code).toBe(1);
    expect(absent.err).toContain('error[FILE_NOT_FOUND 2502]');
    expect(existsSync(dir)).toBe(false);
    const missing = await cli(['run-fixture', '--state-dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('error[INPUT_INVALID 2501]: --fixture is required');
  });

  it('refuses a damaged state.json (STATE_FILE_INVALID) instead of starting fresh, leaving it as it was', async () => {
    const dir = stateDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'state.json'), '{not-json');
    const run = await cli(['run-fixture', '--fixture', vector('rollout-pass.json'), '--state-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`error[STATE_FILE_INVALID 2321]: ${join(dir, 'state.json')}`);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{not-json');
    expect(existsSync(join(dir, 'runtime-events.jsonl'))).toBe(false);
  });

  it('exits 1 with CONTRACT_MISMATCH on a drifted body, leaving state.json and the events log byte-identical', async () => {
    const dir = stateDir();
    expect((await cli(['run-fixture', '--fixture', vector('rollout-pass.json'), '--state-dir', dir])).code).toBe(0);
    const before = [readFileSync(join(dir, 'state.json')), readFileSync(join(dir, 'runtime-events.jsonl'))];
    const doc = JSON.parse(readFileSync(vector('mixed-outcomes.json'), 'utf8')) as {
      cases: Array<{ expected: { response_body: Record<string, unknown> } }>;
    };
    doc.cases[0]!.expected.response_body.replicas = 3;
    const drifted = join(mkdtempSync(join(tmpdir(), 'rollgate-drift-')), 'drift.json');
    writeFileSync(drifted, JSON.stringify(doc));
    const run = await cli(['run-fixture', '--fixture', drifted, '--state-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain("error[CONTRACT_MISMATCH 2016]: case 'deployment-success-wasm' expected response_body");
    expect(run.err).toContain('"replicas":3');
    expect([readFileSync(join(dir, 'state.json')), readFileSync(join(dir, 'runtime-events.jsonl'))]).toEqual(before);
  });
});
