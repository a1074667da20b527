// Every evidence reader refuses a stored object of the wrong shape with its coded error, read
// through the job that reads it. A tampered object is stored under its own digest and listed by
// a head of its own in place of the original (as a damaged or hostile bundle could bring it), so
// the chain verifies and only the kind's reader stands between the object and the verdict.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCanonical, encodeCanonical } from '../../src/core/cbor.js';
import { formatDigest } from '../../src/core/digest.js';
import { RollgateError } from '../../src/core/errors.js';
import { rollbackReportReader } from '../../src/deploy/rollback-report.js';
import { judgeRollout } from '../../src/deploy/rollout-gate.js';
import { shardEvidence } from '../../src/deploy/shard-evidence.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { packageJob } from '../../src/jobs/package-job.js';
import { promoteJob } from '../../src/jobs/promote-job.js';
import { replayJob } from '../../src/jobs/replay-job.js';
import { rollbackJob } from '../../src/jobs/rollback-job.js';
import { evidenceReportReader } from '../../src/promote/evidence-report.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { loadHead, verifyChain } from '../../src/store/step-heads.js';
import { ERRORING, HEALTHY, T0, rolloutWorkspace, runStage, stageMetrics } from '../deploy/rollout-workspace.js';
import { testHost } from '../helpers/host.js';

const CONFIG = `environments: [staging, production]
rollout:
  cohorts: [50, 100]
  dwell_seconds: 0
metrics:
  source: command
  command: cat metrics/stage-$ROLLGATE_STAGE_INDEX.json
deploy_command: echo deployed
`;
const STAGE = 'staging/default/stage-000';

let ws: string;
let store: ObjectStore;
/** The heads of one run, step by step: lock-verify, package, preflight, two stages, gate, promotion. */
let chain: Uint8Array[];

type Value = Record<string, unknown>;

/**
 * A sibling of `head` (same parent, same trace) whose own evidence `type`/`id` is `mutate`d, or
 * whose checkpoint is, when `type` is 'checkpoint'.
 */
async function forged(head: Uint8Array, type: string, id: string, mutate: (v: Value) => Value): Promise<Uint8Array> {
  const h = await loadHead(store, head);
  const changed = async (digest: Uint8Array) =>
    store.putValue(mutate(decodeCanonical(await store.get(digest)) as Value));
  const evidence = await Promise.all(
    h.evidence.map(async (e) =>
      e.object_type === type && e.object_id === id ? { ...e, digest: await changed(e.digest) } : e,
    ),
  );
  if (type !== 'checkpoint' && evidence.every((e, i) => e === h.evidence[i])) throw new Error(`no ${type} ${id}`);
  const checkpoint = type === 'checkpoint' && h.checkpoint ? await changed(h.checkpoint) : h.checkpoint;
  const [digest] = await store.putMany([encodeCanonical({ ...h, evidence, checkpoint })]);
  await verifyChain(store, digest!); // still a chain: only the reader can refuse it
  return digest!;
}

async function refusal(promise: Promise<unknown>): Promise<RollgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RollgateError);
  return error as RollgateError;
}

/** The refusal names the evidence type, its id and digest, and the field at fault. */
function expectNamed(error: RollgateError, code: string, type: string, id: string, path: string): void {
  expect(error.code).toBe(code);
  expect(error.message).toContain(`${type} ${JSON.stringify(id)} (sha256:`);
  expect(error.message).toContain(`${path}:`);
  expect(error.diagnostics).toMatchObject({ object_type: type, object_id: id });
}

const common = () => ({ workspace: ws, stateDir: '.rollgate', configPath: '.github/rollgate.yml', host: testHost() });
const stage = (parent: Uint8Array, over: Parameters<typeof runStage>[2] = {}) => runStage(ws, parent, over).run;
const promote = (state: Uint8Array, environment: string) =>
  promoteJob({
    ...common(),
    state,
    environment,
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
    tenantId: 'org/app',
    trustStorePath: 'trust.json',
    outputDir: 'out',
    // Each case promotes again into out/: the certificate file of an earlier one is replaced.
    force: true,
    now: T0 + 3600,
  });

beforeAll(async () => {
  const built = await rolloutWorkspace({ config: CONFIG, files: stageMetrics(HEALTHY, HEALTHY) });
  ws = built.ws;
  store = new ObjectStore(join(ws, '.rollgate'));
  const first = await stage(built.state);
  const second = await stage(first.head_hash);
  const gate = await gateJob({ ...common(), state: second.head_hash, shards: [], environment: 'staging' });
  expect(gate.report.verdict).toBe('pass');
  const promoted = await promote(gate.head_hash, 'staging');
  chain = (await verifyChain(store, promoted.head_hash)).map(() => new Uint8Array());
  // The digest of each step's head, from the promoted head back through the parents.
  let cursor: Uint8Array | null = promoted.head_hash;
  for (let i = chain.length - 1; cursor; i--) {
    chain[i] = cursor;
    cursor = (await loadHead(store, cursor)).parent;
  }
}, 120_000);

describe('a stored evidence object of the wrong shape is a coded refusal of the job reading it', () => {
  it('lock report (package reads the run lock evidence): EVIDENCE_INVALID', async () => {
    const head = await forged(chain[0]!, 'lock_report', 'lock-verify', (v) => ({ ...v, lockfile_hash: 'sha256:00' }));
    const error = await refusal(
      packageJob({
        workspace: ws,
        outputDir: 'out-tampered',
        releaseId: 'v9',
        sourceCommit: '',
        files: [],
        images: [],
        configPath: '.github/rollgate.yml',
        checkpoint: null,
        stateDir: '.rollgate',
        parent: head,
        env: {},
      }),
    );
    expectNamed(error, 'EVIDENCE_INVALID', 'lock_report', 'lock-verify', '/lockfile_hash');
  });

  it('release manifest (promote reads the run evidence): EVIDENCE_INVALID', async () => {
    const head = await forged(chain[1]!, 'release_manifest', 'v1.0.0', (v) => ({ ...v, artifacts: 'app.bin' }));
    expectNamed(
      await refusal(promote(head, 'staging')),
      'EVIDENCE_INVALID',
      'release_manifest',
      'v1.0.0',
      '/artifacts',
    );
  });

  it('preflight report (a canary stage reads what admitted the release): EVIDENCE_INVALID', async () => {
    const head = await forged(chain[2]!, 'preflight_report', 'staging', (v) => ({ ...v, verdict: true }));
    expectNamed(await refusal(stage(head)), 'EVIDENCE_INVALID', 'preflight_report', 'staging', '/verdict');
  });

  it('stage report, gate report and snapshot (a stage asked again reads its recorded evidence): EVIDENCE_INVALID', async () => {
    const cases = [
      ['stage_report', '/stage_index', (v: Value) => ({ ...v, stage_index: 'zero' })],
      ['gate_report', '/gates', (v: Value) => ({ ...v, gates: [] })],
      ['metrics_snapshot', '/values/errors', (v: Value) => ({ ...v, values: { ...(v.values as Value), errors: -1 } })],
    ] as const;
    for (const [type, path, mutate] of cases) {
      const head = await forged(chain[3]!, type, STAGE, mutate);
      expectNamed(await refusal(stage(head, { stage: 0 })), 'EVIDENCE_INVALID', type, STAGE, path);
    }
  });

  it('rollout checkpoint (a stage reads where the rollout stands): CHECKPOINT_INVALID', async () => {
    const head = await forged(chain[3]!, 'checkpoint', '', (v) => ({ ...v, cursor: 'one' }));
    const error = await refusal(stage(head));
    expect(error.code).toBe('CHECKPOINT_INVALID');
    expect(error.message).toContain('/cursor:');
  });

  it('a snapshot the rollout gate cannot read is its missing_trace_artifacts trigger, not a crash', async () => {
    const id = 'staging/default/stage-001';
    const head = await forged(chain[4]!, 'metrics_snapshot', id, (v) => ({ ...v, shard_id: 7 }));
    // The gate's own step is taken by the real gate: judge as it does, from the shard's evidence.
    const shard = await shardEvidence(store, head, 'staging', undefined);
    const report = judgeRollout({
      release_hash: shard.preflight!.release_hash,
      environment: 'staging',
      shards: [shard],
      thresholds: { error_rate_max: 0.005, p95_latency_delta_max: 0.1, replay_determinism_failures_max: 0 },
      health: { state: 'healthy', rollout_gate: 'pass', reason: 'healthy', source: 'stage verdicts' },
    });
    expect(report.verdict).toBe('fail');
    expect(report.rollback_triggers.find((t) => t.trigger === 'missing_trace_artifacts')?.details).toEqual([
      "shard default: stage 1's metrics snapshot does not decode as one",
    ]);
  });

  it('rollout gate report (promote and replay read it): EVIDENCE_INVALID', async () => {
    const gateHead = await loadHead(store, chain[5]!);
    const id = gateHead.evidence.find((e) => e.object_type === 'rollout_gate_report')!.object_id;
    const head = await forged(chain[5]!, 'rollout_gate_report', id, (v) => ({ ...v, verdict: 'maybe' }));
    expectNamed(await refusal(promote(head, 'staging')), 'EVIDENCE_INVALID', 'rollout_gate_report', id, '/verdict');
    const replay = await refusal(replayJob({ workspace: ws, stateDir: '.rollgate', state: head }));
    expectNamed(replay, 'EVIDENCE_INVALID', 'rollout_gate_report', id, '/verdict');
  });

  it('execution certificate (the next promotion reads the certificates before it): CERTIFICATE_INVALID', async () => {
    const last = chain[chain.length - 1]!;
    const head = await forged(last, 'execution_certificate', 'staging', (v) => ({ ...v, signature: 'none' }));
    expectNamed(
      await refusal(promote(head, 'production')),
      'CERTIFICATE_INVALID',
      'execution_certificate',
      'staging',
      '/signature',
    );
  });

  it('evidence report: read back as written, refused once tampered', async () => {
    const h = await loadHead(store, chain[chain.length - 1]!);
    const entry = h.evidence.find((e) => e.object_type === 'evidence_report')!;
    const bytes = await store.get(entry.digest);
    expect(evidenceReportReader.read(bytes, entry).verdict).toBe('pass');
    const tampered = encodeCanonical({ ...(decodeCanonical(bytes) as Value), comparisons: [{ field: 1 }] });
    const result = evidenceReportReader.decode(tampered, { object_id: entry.object_id });
    expect(result.ok).toBe(false);
    if (!result.ok) expectNamed(result.error, 'EVIDENCE_INVALID', 'evidence_report', 'staging', '/comparisons/0/field');
  });

  it('rollback report: the rollback job writes one its reader reads back', async () => {
    const rollout = await rolloutWorkspace({ config: CONFIG, files: stageMetrics(ERRORING) });
    const breach = await runStage(rollout.ws, rollout.state).run;
    writeFileSync(
      join(rollout.ws, '.rollgate', 'state.json'),
      JSON.stringify({
        environments: {
          staging: {
            history: [{ release_hash: `sha256:${'1'.repeat(64)}`, status: 'success', at_utc: '2025-12-31T00:00:00Z' }],
          },
        },
      }),
    );
    writeFileSync(join(rollout.ws, 'metrics', 'stage-0.json'), JSON.stringify(HEALTHY));
    const result = await rollbackJob({
      workspace: rollout.ws,
      stateDir: '.rollgate',
      configPath: '.github/rollgate.yml',
      environment: 'staging',
      state: breach.head_hash,
      reason: 'gate_breach',
      now: () => T0 + 900,
      sleep: () => Promise.resolve(),
      host: testHost(),
    });
    const rollbackStore = new ObjectStore(join(rollout.ws, '.rollgate'));
    const h = await loadHead(rollbackStore, result.head_hash!);
    const entry = h.evidence.find((e) => e.object_type === 'rollback_report')!;
    const bytes = await rollbackStore.get(entry.digest);
    expect(rollbackReportReader.read(bytes, entry)).toEqual(result.report);
    const tampered = encodeCanonical({ ...(decodeCanonical(bytes) as Value), verdict: 'fine' });
    const error = rollbackReportReader.decode(tampered, entry);
    expect(error.ok).toBe(false);
    if (!error.ok) expect(error.error.message).toContain(`${formatDigest(entry.digest)}`);
  });

  it('state.json with a rollout field of the wrong type (the gate reads health from it): STATE_FILE_INVALID', async () => {
    writeFileSync(
      join(ws, '.rollgate', 'state.json'),
      JSON.stringify({ rollouts: [{ case_key: 'a', replicas: '2' }] }),
    );
    const error = await refusal(gateJob({ ...common(), state: chain[4]!, shards: [], environment: 'staging' }));
    expect(error.code).toBe('STATE_FILE_INVALID');
    expect(error.message).toContain('rollouts[0].replicas has the wrong type (string)');
  });
});
