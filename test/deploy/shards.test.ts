// Matrix scale-out (DESIGN 3): every shard starts from the same preflight state in its own state
// directory (as separate runners do), runs every stage with its own metrics, and exports its
// head as a bundle; the gate imports the bundles into one store and judges all shards, sorted by
// shard id, so neither the order the heads are given in nor which one is the primary changes
// the report's bytes. Tampered shard evidence fires missing_trace_artifacts; replay re-judges.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCanonical, encodeCanonical } from '../../src/core/cbor.js';
import { formatDigest } from '../../src/core/digest.js';
import { judgeRollout, type HealthInput, type ShardEvidence } from '../../src/deploy/rollout-gate.js';
import type { MetricsSnapshot } from '../../src/deploy/metrics-snapshot.js';
import { canaryStageJob, type CanaryStageResult } from '../../src/jobs/canary-stage-job.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { shardEvidence } from '../../src/deploy/shard-evidence.js';
import { traceJsonl } from '../../src/store/trace-view.js';
import { replayJob } from '../../src/jobs/replay-job.js';
import { exportBundle, importBundle } from '../../src/store/bundle.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { loadHead } from '../../src/store/step-heads.js';
import { ERRORING, HEALTHY, T0, rolloutWorkspace } from './rollout-workspace.js';
import { testHost } from '../helpers/host.js';

const CONFIG = `rollout:
  cohorts: [1, 50, 100]
  dwell_seconds: 0
  metrics_window_seconds: 300
metrics:
  source: command
  command: cat metrics/$ROLLGATE_SHARD/stage-$ROLLGATE_STAGE_INDEX.json
  retries: 0
`;

const THRESHOLDS = { error_rate_max: 0.005, p95_latency_delta_max: 0.1, replay_determinism_failures_max: 0 };
const HEALTH: HealthInput = {
  state: 'healthy',
  rollout_gate: 'pass',
  reason: 'no stage failed',
  source: 'stage verdicts',
};

/** Each shard's metrics per stage; sa-east breaches error_rate at stage 1 and never runs stage 2. */
const SHARD_METRICS: Readonly<Record<string, ReadonlyArray<Record<string, number>>>> = {
  'eu-west': [HEALTHY, HEALTHY, HEALTHY],
  'us-east': [
    { requests: 8_000, errors: 4, p95_baseline_ms: 110, p95_canary_ms: 112 },
    { requests: 9_000, errors: 9, p95_baseline_ms: 111, p95_canary_ms: 115 },
    { requests: 12_000, errors: 0, p95_baseline_ms: 109, p95_canary_ms: 109 },
  ],
  'ap-south': [
    { requests: 5_000, errors: 2, p95_baseline_ms: 140, p95_canary_ms: 150 },
    { requests: 6_000, errors: 3, p95_baseline_ms: 141, p95_canary_ms: 149 },
    { requests: 7_000, errors: 6, p95_baseline_ms: 139, p95_canary_ms: 145 },
  ],
  'sa-east': [HEALTHY, ERRORING],
};

interface ShardRun {
  readonly id: string;
  readonly head: Uint8Array;
  readonly stages: readonly CanaryStageResult[];
  readonly bundle: string;
}

let ws: string;
let releaseHash: Uint8Array;
const runs = new Map<string, ShardRun>();

const run = (id: string): ShardRun => {
  const shard = runs.get(id);
  if (!shard) throw new Error(`no shard ${id}`);
  return shard;
};

/** One runner: its own copy of the preflight state, every stage in order, its head exported. */
async function runShard(id: string, preflight: Uint8Array): Promise<ShardRun> {
  const stateDir = `.rollgate-${id}`;
  cpSync(join(ws, '.rollgate'), join(ws, stateDir), { recursive: true });
  const stages: CanaryStageResult[] = [];
  let head = preflight;
  for (;;) {
    const result = await canaryStageJob({
      host: testHost(),
      workspace: ws,
      stateDir,
      configPath: '.github/rollgate.yml',
      parent: head,
      environment: 'staging',
      shard: id,
      now: () => T0 + 600,
      sleep: () => Promise.resolve(),
      log: () => undefined,
    });
    stages.push(result);
    head = result.head_hash;
    if (result.report.next !== 'next_stage') break;
  }
  const bundle = join(ws, 'bundles', `${id}.tar`);
  await exportBundle(new ObjectStore(join(ws, stateDir)), head, bundle);
  return { id, head, stages, bundle };
}

/** A fresh gate runner's store holding the given shards' bundles. */
async function gateStore(ids: readonly string[]): Promise<string> {
  const dir = mkdtempSync(join(ws, '.gate-'));
  const store = new ObjectStore(dir);
  for (const id of ids) {
    const imported = await importBundle(store, run(id).bundle, { expectedHead: run(id).head });
    expect(imported.head).toEqual(run(id).head);
  }
  return dir;
}

async function gate(primary: string, others: readonly string[], dir?: string) {
  const stateDir = dir ?? (await gateStore([primary, ...others]));
  const result = await gateJob({
    host: testHost(),
    workspace: ws,
    stateDir,
    configPath: '.github/rollgate.yml',
    state: run(primary).head,
    shards: others.map((id) => run(id).head),
    environment: 'staging',
  });
  return { ...result, stateDir };
}

async function evidenceOf(ids: readonly string[]): Promise<ShardEvidence[]> {
  const store = new ObjectStore(await gateStore(ids));
  return Promise.all(ids.map((id) => shardEvidence(store, run(id).head, 'staging', releaseHash)));
}

const judge = (shards: readonly ShardEvidence[]) =>
  judgeRollout({ release_hash: releaseHash, environment: 'staging', shards, thresholds: THRESHOLDS, health: HEALTH });

const fired = (report: { rollback_triggers: ReadonlyArray<{ trigger: string; fired: boolean }> }) =>
  report.rollback_triggers.filter((t) => t.fired).map((t) => t.trigger);

const details = (report: ReturnType<typeof judge>, trigger: string) =>
  report.rollback_triggers.find((t) => t.trigger === trigger)?.details;

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (const [id, stages] of Object.entries(SHARD_METRICS)) {
    stages.forEach((m, i) => (files[`metrics/${id}/stage-${i}.json`] = JSON.stringify(m)));
  }
  const built = await rolloutWorkspace({ config: CONFIG, files });
  ws = built.ws;
  releaseHash = built.releaseHash;
  mkdirSync(join(ws, 'bundles'));
  for (const id of Object.keys(SHARD_METRICS)) runs.set(id, await runShard(id, built.state));
});

describe('shards, each in its own state directory', () => {
  it('each runs its own stages from the same preflight: own shard id, own snapshots, own chain', () => {
    expect(run('eu-west').stages.map((s) => s.report.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(run('sa-east').stages.map((s) => [s.report.cohort_percent, s.report.verdict, s.report.next])).toEqual([
      [1, 'pass', 'next_stage'],
      [50, 'fail', 'rollback'],
    ]);
    for (const id of ['eu-west', 'us-east', 'ap-south']) {
      const stages = run(id).stages;
      expect(stages.map((s) => [s.snapshot.shard_id, s.report.stage_index, s.resumed])).toEqual([
        [id, 0, false],
        [id, 1, false],
        [id, 2, false],
      ]);
      expect(stages.at(-1)!.checkpoint.status).toBe('completed');
    }
    // Same stage, same release, different shards: different snapshots and different heads.
    const heads = new Set(Object.keys(SHARD_METRICS).map((id) => formatDigest(run(id).head)));
    expect(heads.size).toBe(4);
    const stage0 = new Set(
      Object.keys(SHARD_METRICS).map((id) => formatDigest(run(id).stages[0]!.report.metrics_snapshot_hash)),
    );
    expect(stage0.size).toBe(4);
  });
});

describe('gate over shards', () => {
  it('passes when every shard is healthy; shards and stages read sorted by shard id', async () => {
    const { report, head_hash, stateDir } = await gate('us-east', ['eu-west', 'ap-south']);
    expect(report.verdict).toBe('pass');
    expect(fired(report)).toEqual([]);
    expect(report.holds).toEqual([]);
    expect(report.health).toEqual(HEALTH);
    expect(report.shards.map((s) => [s.shard_id, s.status, s.stages_judged, s.stages_planned])).toEqual([
      ['ap-south', 'completed', 3, 3],
      ['eu-west', 'completed', 3, 3],
      ['us-east', 'completed', 3, 3],
    ]);
    expect(report.shards.map((s) => s.state)).toEqual(['ap-south', 'eu-west', 'us-east'].map((id) => run(id).head));
    expect(report.stages.map((s) => [s.stage_index, s.cohort_percent, s.verdict])).toEqual([
      [0, 1, 'pass'],
      [1, 50, 'pass'],
      [2, 100, 'pass'],
    ]);
    for (const stage of report.stages) {
      expect(stage.shards.map((s) => [s.shard_id, s.replayed, s.verdict])).toEqual([
        ['ap-south', true, 'pass'],
        ['eu-west', true, 'pass'],
        ['us-east', true, 'pass'],
      ]);
      // Each shard judged from its own recorded snapshot and gate report.
      for (const s of stage.shards) {
        const recorded = run(s.shard_id).stages[stage.stage_index]!.report;
        expect(s.metrics_snapshot_hash).toEqual(recorded.metrics_snapshot_hash);
        expect(s.gate_report_hash).toEqual(recorded.gate_report_hash);
      }
    }
    // The gate step extends the primary shard's chain.
    const head = await loadHead(new ObjectStore(stateDir), head_hash);
    expect(head.operator).toBe('gate');
    expect(head.parent).toEqual(run('us-east').head);
  });

  it('fails when one shard breaches at a stage, naming that shard and stage', async () => {
    const { report } = await gate('us-east', ['sa-east', 'eu-west']);
    expect(report.verdict).toBe('fail');
    expect(fired(report)).toEqual(['gate_breach']);
    expect(details(report, 'gate_breach')).toEqual(['shard sa-east stage 1 (50%): error_rate 0.009 > 0.005']);
    expect(report.shards.map((s) => [s.shard_id, s.status, s.stages_judged])).toEqual([
      ['eu-west', 'completed', 3],
      ['sa-east', 'halted', 2],
      ['us-east', 'completed', 3],
    ]);
    expect(
      report.stages.map((s) => [s.stage_index, s.verdict, s.shards.map((x) => `${x.shard_id}:${x.verdict}`)]),
    ).toEqual([
      [0, 'pass', ['eu-west:pass', 'sa-east:pass', 'us-east:pass']],
      [1, 'fail', ['eu-west:pass', 'sa-east:fail', 'us-east:pass']],
      [2, 'pass', ['eu-west:pass', 'us-east:pass']],
    ]);
    expect(report.health).toMatchObject({ rollout_gate: 'hold', source: 'stage verdicts' });
  });

  it('a failed gate writes its verdict, then one error per fired trigger, and leaves the run open for the rollback', async () => {
    const { head_hash, stateDir } = await gate('us-east', ['sa-east', 'eu-west']);
    const trace = (await traceJsonl(new ObjectStore(stateDir), head_hash))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(trace.slice(-2)).toEqual([
      expect.objectContaining({ record_type: 'iter', stage: 'gate', action: 'verdict', gate_result: 'fail' }),
      expect.objectContaining({
        record_type: 'error',
        code_id: 'ROLLOUT_HALTED',
        failure_operator: 'UML_OS.Deploy.RolloutGate_v1',
        message: 'staging: rollback trigger gate_breach: shard sa-east stage 1 (50%): error_rate 0.009 > 0.005',
        diagnostics: { trigger: 'gate_breach' },
      }),
    ]); // and nothing after it: the rollback writes the run's end
  });

  it('gives the same report bytes for every order of the shards (property over permutations)', async () => {
    for (const ids of [
      ['eu-west', 'us-east', 'ap-south'],
      ['eu-west', 'sa-east', 'us-east'],
    ]) {
      const evidence = await evidenceOf(ids);
      const reference = encodeCanonical(judge(evidence));
      const verdict = judge(evidence).verdict;
      expect(verdict).toBe(ids.includes('sa-east') ? 'fail' : 'pass');
      fc.assert(
        fc.property(fc.shuffledSubarray(evidence, { minLength: 3, maxLength: 3 }), (order) => {
          expect(encodeCanonical(judge(order))).toEqual(reference);
        }),
        { numRuns: 30 },
      );
    }
  });

  it('gives the same report hash through the gate job whichever shard is the primary and in any order', async () => {
    const first = await gate('eu-west', ['us-east', 'ap-south']);
    const second = await gate('ap-south', ['us-east', 'eu-west']);
    const third = await gate('us-east', ['ap-south', 'eu-west']);
    expect(second.report_hash).toEqual(first.report_hash);
    expect(third.report_hash).toEqual(first.report_hash);
    expect(encodeCanonical(second.report)).toEqual(encodeCanonical(first.report));
    // Different primaries: different chains, so different heads.
    expect(second.head_hash).not.toEqual(first.head_hash);
  });

  // The replay token binds the shard states in shard-id order, as judged.
  it('commits the same gate head for the same primary whatever order the other shards are given in', async () => {
    const a = await gate('eu-west', ['us-east', 'ap-south']);
    const b = await gate('eu-west', ['ap-south', 'us-east']);
    expect(b.report_hash).toEqual(a.report_hash);
    expect(formatDigest(b.head_hash)).toBe(formatDigest(a.head_hash));
  });
});

describe('tampered shard evidence', () => {
  it('a modified snapshot, a swapped gate report, a foreign or missing snapshot fire missing_trace_artifacts', async () => {
    const evidence = await evidenceOf(['eu-west', 'us-east', 'ap-south']);
    expect(judge(evidence).verdict).toBe('pass');
    const [eu, us, ap] = evidence as [ShardEvidence, ShardEvidence, ShardEvidence];
    const withStage = (shard: ShardEvidence, index: number, change: Partial<ShardEvidence['stages'][number]>) => ({
      ...shard,
      stages: shard.stages.map((s) => (s.stage_index === index ? { ...s, ...change } : s)),
    });

    // us-east stage 1: one more request in the snapshot. Still healthy, but not what was judged.
    const snapshot = decodeCanonical(us.stages[1]!.snapshot_bytes!) as unknown as MetricsSnapshot;
    const altered = encodeCanonical({ ...snapshot, values: { ...snapshot.values, requests: 9_001 } });
    const modified = judge([eu, withStage(us, 1, { snapshot_bytes: altered }), ap]);
    expect(modified.verdict).toBe('fail');
    expect(fired(modified)).toEqual(['missing_trace_artifacts']);
    expect(details(modified, 'missing_trace_artifacts')).toEqual([
      "shard us-east: stage 1's gate report does not replay from its snapshot",
    ]);
    expect(modified.stages[1]!.shards.find((s) => s.shard_id === 'us-east')!.replayed).toBe(false);

    // eu-west stage 0 carrying stage 1's gate report.
    const swapped = judge([withStage(eu, 0, { gate_report_bytes: eu.stages[1]!.gate_report_bytes }), us, ap]);
    expect(swapped.verdict).toBe('fail');
    expect(details(swapped, 'missing_trace_artifacts')).toEqual([
      "shard eu-west: stage 0's gate report does not replay from its snapshot",
    ]);

    // ap-south stage 2 carrying eu-west's snapshot and gate report of the same stage.
    const foreign = judge([
      eu,
      us,
      withStage(ap, 2, {
        snapshot_bytes: eu.stages[2]!.snapshot_bytes,
        gate_report_bytes: eu.stages[2]!.gate_report_bytes,
      }),
    ]);
    expect(foreign.verdict).toBe('fail');
    expect(details(foreign, 'missing_trace_artifacts')).toEqual([
      "shard ap-south: stage 2's snapshot belongs to shard eu-west",
    ]);

    const missing = judge([eu, withStage(us, 0, { snapshot_bytes: undefined }), ap]);
    expect(missing.verdict).toBe('fail');
    expect(details(missing, 'missing_trace_artifacts')).toEqual(['shard us-east: stage 0 has no metrics snapshot']);
    // The same shard twice is not two shards.
    const twice = judge([eu, us, us]);
    expect(twice.verdict).toBe('fail');
    expect(details(twice, 'missing_trace_artifacts')).toEqual([
      'shard us-east given twice',
      'stage 0: two snapshots for shard "us-east"',
      'stage 1: two snapshots for shard "us-east"',
      'stage 2: two snapshots for shard "us-east"',
    ]);
  });
});

describe('replay of the gate', () => {
  it("re-judges every shard's stages and the rollout gate report, byte-identical", async () => {
    const { head_hash, stateDir, report_hash } = await gate('eu-west', ['us-east', 'ap-south']);
    const replay = await replayJob({ workspace: ws, stateDir, state: head_hash });
    expect(replay.identical).toBe(true);
    expect(replay.checks.map((c) => [c.object_type, c.object_id, c.verdict, c.identical])).toEqual([
      ...['ap-south', 'eu-west', 'us-east'].flatMap((shard) =>
        [0, 1, 2].map((i) => ['gate_report', `staging/${shard}/stage-00${i}`, 'pass', true]),
      ),
      ['rollout_gate_report', 'staging/step-0006', 'pass', true],
    ]);
    expect(replay.checks.at(-1)!.recorded_hash).toBe(formatDigest(report_hash));
  });

  it('re-judges a failed gate identically, breach included', async () => {
    const { head_hash, stateDir } = await gate('sa-east', ['eu-west', 'us-east']);
    const replay = await replayJob({ workspace: ws, stateDir, state: head_hash });
    expect(replay.identical).toBe(true);
    expect(
      replay.checks
        .filter((c) => c.object_id.startsWith('staging/sa-east/') || c.object_type === 'rollout_gate_report')
        .map((c) => [c.object_id, c.verdict]),
    ).toEqual([
      ['staging/sa-east/stage-000', 'pass'],
      ['staging/sa-east/stage-001', 'fail'],
      ['staging/step-0005', 'fail'],
    ]);
  });

  // The gate's state merges the other shards' heads, so its bundle carries their chains.
  it("replays in the next job's store, from the gate head's bundle alone", async () => {
    const { head_hash, stateDir } = await gate('eu-west', ['us-east', 'ap-south']);
    const file = join(ws, 'bundles', `gate-${formatDigest(head_hash).slice(7, 19)}.tar`);
    await exportBundle(new ObjectStore(stateDir), head_hash, file);
    const next = mkdtempSync(join(tmpdir(), 'rollgate-next-job-'));
    await importBundle(new ObjectStore(next), file, { expectedHead: head_hash });
    const replay = await replayJob({ workspace: ws, stateDir: next, state: head_hash });
    expect(replay.identical).toBe(true);
    expect(replay.checks.filter((c) => c.object_type === 'rollout_gate_report')).toHaveLength(1);
  });
});
