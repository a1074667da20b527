// Canary stages through the real jobs: a preflight-passed state, a traffic command and a
// metrics command run as real child processes, snapshots and checkpoints in a real store; then
// the gate over the stages and `replay` of every stored judgement.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDigest } from '../../src/core/digest.js';
import { RollgateError } from '../../src/core/errors.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { lockVerifyJob } from '../../src/jobs/lock-verify-job.js';
import { replayJob } from '../../src/jobs/replay-job.js';
import { ERRORING, HEALTHY, rolloutWorkspace, runStage, stageMetrics, writeFiles } from './rollout-workspace.js';
import { testHost } from '../helpers/host.js';

const stage = runStage;

const gate = (ws: string, state: Uint8Array, shards: Uint8Array[] = []) =>
  gateJob({
    host: testHost(),
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state,
    shards,
    environment: 'staging',
  });

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RollgateError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('canary-stage', () => {
  it('runs the five cohorts in order, each judged from its frozen snapshot; the gate passes and replay is identical', async () => {
    const { ws, state, releaseHash } = await rolloutWorkspace({
      files: stageMetrics(HEALTHY, HEALTHY, HEALTHY, HEALTHY, HEALTHY),
    });
    let head = state;
    const cohorts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await stage(ws, head).run;
      expect(result.resumed).toBe(false);
      expect(result.report.verdict).toBe('pass');
      expect(result.report.stage_index).toBe(i);
      expect(result.report.traffic?.stdout).toBe(
        `shift ${result.report.cohort_percent}% of ${formatDigest(releaseHash)} in staging (stage ${i})\n`,
      );
      expect(result.snapshot.evaluation_time_utc).toBe('2026-01-01T00:10:00Z');
      expect(result.snapshot.source).toEqual({ kind: 'command', ref: 'cat metrics/stage-$ROLLGATE_STAGE_INDEX.json' });
      expect(result.gate_report.metrics_snapshot_hash).toEqual(result.report.metrics_snapshot_hash);
      expect(result.report.next).toBe(i < 4 ? 'next_stage' : 'gate');
      cohorts.push(result.report.cohort_percent);
      head = result.head_hash;
    }
    expect(cohorts).toEqual([1, 5, 25, 50, 100]);
    const events = readFileSync(join(ws, '.rollgate/runtime-events.jsonl'), 'utf8').trim().split('\n');
    expect(events).toHaveLength(5);
    expect(JSON.parse(events[4]!)).toMatchObject({ health_state: 'healthy', reason_codes: ['cloud_rollout_applied'] });

    const verdict = await gate(ws, head);
    expect(verdict.report.verdict).toBe('pass');
    expect(verdict.report.stages.map((s) => [s.cohort_percent, s.verdict, s.shards[0]!.replayed])).toEqual(
      [1, 5, 25, 50, 100].map((c) => [c, 'pass', true]),
    );
    expect(verdict.report.rollback_triggers.map((t) => [t.trigger, t.fired])).toEqual([
      ['gate_breach', false],
      ['signature_mismatch', false],
      ['missing_trace_artifacts', false],
    ]);
    const replay = await replayJob({ workspace: ws, stateDir: '.rollgate', state: verdict.head_hash });
    expect(replay.checks).toHaveLength(6);
    expect(replay.identical).toBe(true);
  });

  it('halts at the stage that breaches, names the breach, and refuses further stages', async () => {
    const { ws, state } = await rolloutWorkspace({ files: stageMetrics(HEALTHY, HEALTHY, ERRORING) });
    let head = state;
    for (let i = 0; i < 2; i++) head = (await stage(ws, head).run).head_hash;
    const failed = await stage(ws, head).run;
    expect(failed.report.verdict).toBe('fail');
    expect(failed.report.cohort_percent).toBe(25);
    expect(failed.report.next).toBe('rollback');
    expect(failed.checkpoint.status).toBe('halted');
    expect(failed.gate_report.gates.find((g) => g.gate === 'error_rate')).toMatchObject({ result: 'fail' });
    expect(await code(stage(ws, failed.head_hash).run)).toBe('ROLLOUT_HALTED');
    const verdict = await gate(ws, failed.head_hash);
    expect(verdict.report.verdict).toBe('fail');
    const breach = verdict.report.rollback_triggers.find((t) => t.trigger === 'gate_breach')!;
    expect(breach.fired).toBe(true);
    expect(breach.details).toEqual(['shard default stage 2 (25%): error_rate 0.009 > 0.005']);
    const events = readFileSync(join(ws, '.rollgate/runtime-events.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(events[2]!)).toMatchObject({
      health_state: 'degraded',
      reason_codes: ['case_processing_failed'],
    });
  });

  it('holds at the gate while stages remain', async () => {
    const { ws, state } = await rolloutWorkspace({ files: stageMetrics(HEALTHY, HEALTHY) });
    let head = state;
    for (let i = 0; i < 2; i++) head = (await stage(ws, head).run).head_hash;
    const verdict = await gate(ws, head);
    expect(verdict.report.verdict).toBe('hold');
    expect(verdict.report.holds).toEqual(['shard default: 3 stage(s) left']);
  });

  it('resumes a re-run stage from its recorded step and never judges it again', async () => {
    const { ws, state } = await rolloutWorkspace({ files: stageMetrics(HEALTHY) });
    const first = await stage(ws, state).run;
    // The metrics changed since: a re-run from the same parent still gets the recorded judgement.
    writeFiles(ws, stageMetrics(ERRORING));
    const again = await stage(ws, state).run;
    expect(again.resumed).toBe(true);
    expect(again.head_hash).toEqual(first.head_hash);
    expect(again.report_hash).toEqual(first.report_hash);
    expect(again.checkpoint).toEqual(first.checkpoint);
    // Asking the later state for the stage it already judged gives the same recorded evidence.
    const asked = await stage(ws, first.head_hash, { stage: 0 }).run;
    expect(asked.resumed).toBe(true);
    expect(asked.report_hash).toEqual(first.report_hash);
    expect(await code(stage(ws, first.head_hash, { stage: 3 }).run)).toBe('STAGE_OUT_OF_ORDER');
    expect(await code(stage(ws, first.head_hash, { cohort: 50 }).run)).toBe('STAGE_OUT_OF_ORDER');
  });

  it('fails closed when the metrics source does not answer, after its retries, and records nothing', async () => {
    const { ws, state } = await rolloutWorkspace({ files: {} });
    const attempt = stage(ws, state);
    expect(await code(attempt.run)).toBe('METRICS_PROVIDER_FAILED');
    expect(attempt.slept.filter((ms) => ms === 1000)).toEqual([1000]);
    // Nothing was judged: the next attempt, once metrics exist, is stage 0 again.
    writeFiles(ws, stageMetrics(HEALTHY));
    expect((await stage(ws, state).run).report.stage_index).toBe(0);
  });

  it('fails the stage with the traffic command output when it exits non-zero', async () => {
    const { ws, state } = await rolloutWorkspace({ files: stageMetrics(HEALTHY) });
    const attempt = stage(ws, state, { trafficCommand: 'echo "load balancer refused" >&2; exit 3' });
    await expect(attempt.run).rejects.toThrow(/exited with 3\nload balancer refused/);
  });

  it('refuses a state without a preflight report, and one whose objects are missing', async () => {
    const { ws, state } = await rolloutWorkspace({ files: stageMetrics(HEALTHY) });
    const lockOnly = await lockVerifyJob({
      workspace: ws,
      lockfiles: ['uv.lock'],
      mode: 'enforce',
      stateDir: '.rollgate',
      runId: 'no-preflight',
      toolchain: {},
      host: testHost(),
    });
    await expect(stage(ws, lockOnly.head_hash).run).rejects.toThrow(
      /rollback trigger missing_trace_artifacts: the state has no preflight report for staging/,
    );
    const hex = formatDigest(state).slice('sha256:'.length);
    rmSync(join(ws, '.rollgate/objects/sha256', hex.slice(0, 2), hex.slice(2)));
    expect(await code(stage(ws, state).run)).toBe('STORE_OBJECT_MISSING');
  });

  it('waits the dwell with visible progress', async () => {
    const { ws, state } = await rolloutWorkspace({
      config: 'rollout:\n  dwell_seconds: 95\nmetrics:\n  source: file\n  file: m.json\n',
      files: { 'm.json': JSON.stringify(HEALTHY) },
    });
    const attempt = stage(ws, state);
    const result = await attempt.run;
    expect(result.report.traffic).toBeNull();
    expect(result.report.dwell_seconds).toBe(95);
    expect(attempt.slept.reduce((a, b) => a + b, 0)).toBe(95_000);
    expect(attempt.log[0]).toBe('dwell at 1%: 0/95 s');
    expect(attempt.log.at(-1)).toBe('dwell at 1%: 95/95 s, taking metrics');
  });
});
