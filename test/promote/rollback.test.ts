// Rollback through the real jobs: release 1 is promoted in staging; release 2 breaches at its
// first stage; rollback finds release 1 in the history, runs the deploy command with it,
// re-checks health with the same gate, and the deployment report counts the incident.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDigest, parseDigest } from '../../src/core/digest.js';
import { RollgateError } from '../../src/core/errors.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { lockVerifyJob } from '../../src/jobs/lock-verify-job.js';
import { packageJob } from '../../src/jobs/package-job.js';
import { preflightJob } from '../../src/jobs/preflight-job.js';
import { promoteJob } from '../../src/jobs/promote-job.js';
import { rollbackJob, type RollbackOptions } from '../../src/jobs/rollback-job.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { traceJsonl } from '../../src/store/trace-view.js';
import {
  ERRORING,
  HEALTHY,
  T0,
  rolloutWorkspace,
  runStage,
  stageMetrics,
  writeFiles,
} from '../deploy/rollout-workspace.js';
import { testHost } from '../helpers/host.js';

const CONFIG = `environments: [staging, production]
rollout:
  cohorts: [50, 100]
  dwell_seconds: 0
metrics:
  source: command
  command: cat metrics/stage-$ROLLGATE_STAGE_INDEX.json
deploy_command: echo "$ROLLGATE_RELEASE_HASH" > deployed.txt
`;

/** A second release of the same workspace, in its own run, through preflight for staging. */
async function secondRelease(ws: string): Promise<Uint8Array> {
  writeFiles(ws, { 'build/app.bin': 'the app, version 2' });
  const lock = await lockVerifyJob({
    workspace: ws,
    lockfiles: ['uv.lock'],
    mode: 'enforce',
    stateDir: '.rollgate',
    runId: 'release-2',
    toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'uv 0.5.1' },
    host: testHost(),
  });
  const pkg = await packageJob({
    workspace: ws,
    outputDir: 'out2',
    releaseId: 'v2.0.0',
    sourceCommit: 'd'.repeat(40),
    files: ['build/app.bin'],
    images: [],
    configPath: '.github/rollgate.yml',
    checkpoint: null,
    stateDir: '.rollgate',
    parent: lock.head_hash,
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
  });
  const pf = await preflightJob({
    host: testHost(),
    workspace: ws,
    releasePath: 'out2/release.json',
    artifactDir: '.',
    configPath: '.github/rollgate.yml',
    trustStorePath: 'trust.json',
    environment: 'staging',
    stateDir: '.rollgate',
    parent: pkg.head_hash,
    at: T0 + 7000,
  });
  return pf.head_hash;
}

/** Release 1 promoted in staging; release 2 breaching at its first stage, in its own run. */
async function breachAfterPromotion() {
  const { ws, state, releaseHash } = await rolloutWorkspace({
    config: CONFIG,
    files: stageMetrics(HEALTHY, HEALTHY),
  });
  let head = state;
  for (let i = 0; i < 2; i++) head = (await runStage(ws, head).run).head_hash;
  const gate = await gateJob({
    host: testHost(),
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state: head,
    shards: [],
    environment: 'staging',
  });
  await promoteJob({
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state: gate.head_hash,
    environment: 'staging',
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
    tenantId: 'org/app',
    trustStorePath: 'trust.json',
    outputDir: 'out',
    now: T0 + 3600,
  });
  const second = await secondRelease(ws);
  writeFiles(ws, stageMetrics(ERRORING));
  const breach = await runStage(ws, second, { now: () => T0 + 8000 }).run;
  expect(breach.report.verdict).toBe('fail');
  const options: RollbackOptions = {
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    environment: 'staging',
    state: breach.head_hash,
    reason: 'gate_breach at stage 0',
    now: () => T0 + 8300,
    sleep: () => Promise.resolve(),
    host: testHost(),
  };
  return { ws, releaseHash, breach, options };
}

/** The trace records of a state, as maintainers read them (the JSONL mirror). */
async function traceOf(ws: string, head: Uint8Array): Promise<Array<Record<string, unknown>>> {
  const jsonl = await traceJsonl(new ObjectStore(join(ws, '.rollgate')), head);
  return jsonl
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const kinds = (records: ReadonlyArray<Record<string, unknown>>) =>
  records.map((r) => [r.record_type, r.stage ?? r.code_id ?? r.final_status, r.action ?? null]);

describe('rollback', () => {
  it('restores the previous stable release after a breach and counts the incident', async () => {
    const { ws, releaseHash, breach, options } = await breachAfterPromotion();
    writeFiles(ws, stageMetrics(HEALTHY));
    const result = await rollbackJob(options);
    expect(result.report).toMatchObject({
      failed_release_hash: formatDigest(breach.report.release_hash),
      restored_release_hash: formatDigest(releaseHash),
      restored_from: 'state.json history',
      health_verdict: 'pass',
      verdict: 'restored',
    });
    expect(readFileSync(join(ws, 'deployed.txt'), 'utf8')).toBe(`${formatDigest(releaseHash)}\n`);
    expect(result.head_hash).not.toBeNull();
    expect(result.deployment_report).toEqual({
      report_version: 'rollgate.deployment-report/v1',
      environment: 'staging',
      completion_status: 'rolled_back',
      deployments: 2,
      rollout_success_rate: 0.5,
      mean_recovery_time_seconds: 300,
      incident_count: 1,
    });
  }, 60_000);

  it('ends the run in the trace: the breach as errors, then the rollback, then run_end rolled_back', async () => {
    const { ws, releaseHash, breach, options } = await breachAfterPromotion();
    writeFiles(ws, stageMetrics(HEALTHY));
    const result = await rollbackJob(options);
    const records = await traceOf(ws, result.head_hash!);
    expect(kinds(records.slice(-9))).toEqual([
      ['iter', 'canary_50', 'error_rate'],
      ['iter', 'canary_50', 'p95_latency_delta'],
      ['iter', 'canary_50', 'replay_determinism_failures'],
      ['error', 'HEALTH_GATE_BREACHED', null],
      ['iter', 'rollback', 'deploy'],
      ['iter', 'rollback', 'error_rate'],
      ['iter', 'rollback', 'p95_latency_delta'],
      ['iter', 'rollback', 'replay_determinism_failures'],
      ['run_end', 'rolled_back', null],
    ]);
    expect(records.at(-1)).toMatchObject({
      env: 'staging',
      release_hash: formatDigest(breach.report.release_hash),
      restored_release_hash: formatDigest(releaseHash),
    });
    expect(records.map((r) => r.t)).toEqual(records.map((_, i) => i));
  }, 60_000);

  it('a restored release whose health still fails ends the run failed, with the breach of the rollback', async () => {
    const { ws, options } = await breachAfterPromotion();
    const result = await rollbackJob(options); // the metrics still error
    expect(result.report.verdict).toBe('failed');
    const records = await traceOf(ws, result.head_hash!);
    expect(kinds(records.slice(-3))).toEqual([
      ['iter', 'rollback', 'replay_determinism_failures'],
      ['error', 'HEALTH_GATE_BREACHED', null],
      ['run_end', 'failed', null],
    ]);
    expect(records.at(-2)?.message).toBe('rollback: error_rate 0.009 > 0.005');
  }, 60_000);

  it('a deploy command that fails ends the run failed in a state the error names', async () => {
    const { ws, options } = await breachAfterPromotion();
    const error = await rollbackJob({ ...options, deployCommand: 'echo no route to the cluster >&2; exit 3' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RollgateError);
    const { code, diagnostics, message } = error as RollgateError;
    expect(code).toBe('DEPLOY_COMMAND_FAILED');
    expect(message).toContain('no route to the cluster');
    const records = await traceOf(ws, parseDigest(String(diagnostics.state)));
    expect(kinds(records.slice(-3))).toEqual([
      ['iter', 'rollback', 'deploy'],
      ['error', 'DEPLOY_COMMAND_FAILED', null],
      ['run_end', 'failed', null],
    ]);
    expect(records.at(-3)).toMatchObject({ gate_result: 'fail' });
    // The failure did not take the run's next step: the rollback retried with a working command restores.
    writeFiles(ws, stageMetrics(HEALTHY));
    expect((await rollbackJob(options)).report.verdict).toBe('restored');
  }, 60_000);

  it('fails the step when health still fails after the rollback, and refuses without a stable release', async () => {
    const { ws, state } = await rolloutWorkspace({ config: CONFIG, files: stageMetrics(ERRORING) });
    const breach = await runStage(ws, state).run;
    const options: RollbackOptions = {
      workspace: ws,
      stateDir: '.rollgate',
      configPath: '.github/rollgate.yml',
      environment: 'staging',
      state: breach.head_hash,
      reason: 'gate_breach',
      now: () => T0 + 900,
      sleep: () => Promise.resolve(),
      host: testHost(),
    };
    await expect(rollbackJob(options)).rejects.toSatisfy(
      (e: unknown) => e instanceof RollgateError && e.code === 'ROLLBACK_TARGET_MISSING',
    );
  }, 60_000);
});
