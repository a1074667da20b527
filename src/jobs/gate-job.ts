// The gate step (DESIGN 3): reads the state of every shard (the primary state and the shards'
// heads, all in this store), re-judges every stage from its frozen snapshot, reads health, and
// commits the rollout gate report on the primary state's chain.
import { resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { formatDigest, objectDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { deployReplayToken } from '../deploy/deploy-replay-token.js';
import { thresholdsValue } from '../deploy/health-gates.js';
import { findEvidence, readCheckpoint, readPreflight, stageEvidenceId } from '../deploy/rollout-evidence.js';
import {
  judgeRollout,
  ROLLOUT_GATE_OPERATOR,
  type HealthInput,
  type RolloutGateReport,
  type ShardEvidence,
} from '../deploy/rollout-gate.js';
import { runtimeEnvHash } from '../lock/toolchain.js';
import { loadConfigFile } from '../providers/config-file.js';
import { classifyHealth } from '../runtime/health-state.js';
import { ObjectStore } from '../store/object-store.js';
import { readState } from '../store/state-file.js';
import type { StepHead } from '../store/step-head-schema.js';
import { appendStep, MERGED_HEAD_EVIDENCE, traceLength, verifyChain, type ObjectReader } from '../store/step-heads.js';
import { errorTraceRecord } from '../core/trace.js';

export interface GateOptions {
  readonly workspace: string;
  readonly stateDir: string;
  readonly configPath: string;
  readonly state: Uint8Array;
  /** Heads of the other shards (matrix jobs), already imported into this store. */
  readonly shards: readonly Uint8Array[];
  readonly environment: string;
}

export interface GateResult {
  readonly report: RolloutGateReport;
  readonly report_hash: Uint8Array;
  readonly head_hash: Uint8Array;
}

/** The shard id a head's stages were run as: the one its stage evidence names. */
function shardIdOf(head: StepHead, environment: string): string {
  const prefix = `${environment}/`;
  const ids = new Set(
    head.evidence
      .filter((e) => e.object_type === 'stage_report' && e.object_id.startsWith(prefix))
      .map((e) => e.object_id.slice(prefix.length).replace(/\/stage-\d+$/, '')),
  );
  if (ids.size > 1) {
    throw new RollgateError(
      'TRACE_ARTIFACT_MISSING',
      `state ${head.run_id} holds stages of several shards: ${[...ids].join(', ')}`,
    );
  }
  return [...ids][0] ?? 'default';
}

export async function shardEvidence(
  store: ObjectReader,
  state: Uint8Array,
  environment: string,
  releaseHash: Uint8Array | undefined,
): Promise<ShardEvidence> {
  const chain = await verifyChain(store, state);
  const head = chain[chain.length - 1]!;
  const shard = shardIdOf(head, environment);
  const preflight = await readPreflight(store, head, environment);
  const release = releaseHash ?? preflight?.release_hash;
  const checkpoint = release ? await readCheckpoint(store, head, release, environment) : undefined;
  const stages = await Promise.all(
    (checkpoint?.gate_states ?? []).map(async (g) => {
      const id = stageEvidenceId(environment, shard, g.stage_index);
      const bytes = async (type: string) => {
        const entry = findEvidence(head, type, id);
        return entry ? store.get(entry.digest) : undefined;
      };
      return {
        stage_index: g.stage_index,
        cohort_percent: g.cohort_percent,
        snapshot_bytes: await bytes('metrics_snapshot'),
        gate_report_bytes: await bytes('gate_report'),
      };
    }),
  );
  return {
    shard_id: shard,
    state,
    checkpoint,
    stages,
    preflight: preflight && {
      release_hash: preflight.release_hash,
      passed: preflight.verdict === 'pass',
      detail: preflight.verdict === 'pass' ? 'passed' : `preflight failed: ${preflight.failed_checks.join(', ')}`,
    },
  };
}

/** Health from state.json when the store has one, else from the stage verdicts themselves. */
async function healthInput(stateDir: string, shards: readonly ShardEvidence[]): Promise<HealthInput> {
  const state = await readState(stateDir);
  if (state) {
    const c = classifyHealth(state.health);
    return { state: c.state, rollout_gate: c.rollout_gate, reason: c.reason, source: 'state.json' };
  }
  const failed = shards.some((s) => s.checkpoint?.status === 'halted');
  return failed
    ? { state: 'degraded', rollout_gate: 'hold', reason: 'a stage failed', source: 'stage verdicts' }
    : { state: 'healthy', rollout_gate: 'pass', reason: 'no stage failed', source: 'stage verdicts' };
}

export async function gateJob(options: GateOptions): Promise<GateResult> {
  const at = (p: string) => resolve(options.workspace, p);
  const config = await loadConfigFile(at(options.configPath));
  const store = new ObjectStore(at(options.stateDir));
  const primary = await shardEvidence(store, options.state, options.environment, undefined);
  if (!primary.preflight) {
    throw new RollgateError(
      'TRACE_ARTIFACT_MISSING',
      `rollback trigger missing_trace_artifacts: state ${formatDigest(options.state)} has no preflight report for ${options.environment}`,
    );
  }
  const release = primary.preflight.release_hash;
  const others = await Promise.all(options.shards.map((s) => shardEvidence(store, s, options.environment, release)));
  const shards = [primary, ...others];
  const report = judgeRollout({
    release_hash: release,
    environment: options.environment,
    shards,
    thresholds: config.gates,
    health: await healthInput(at(options.stateDir), shards),
  });
  const bytes = encodeCanonical(report);
  const chain = await verifyChain(store, options.state);
  const head = chain[chain.length - 1]!;
  const token = deployReplayToken({
    policy_bundle_hash: objectDigest(thresholdsValue(config.gates)),
    runtime_env_hash: runtimeEnvHash(process.platform, process.arch),
    operators: [{ operator_id: ROLLOUT_GATE_OPERATOR, version: 'v1' }],
    // In shard-id order, as judged: the order the shards were given in changes nothing.
    inputs_hash: objectDigest(report.shards.map((s) => s.state)),
  });
  const t0 = await traceLength(store, options.state);
  const stepId = `step-${String(head.step_index + 1).padStart(4, '0')}`;
  const step = await appendStep(store, {
    run_id: head.run_id,
    parent: options.state,
    operator: 'gate',
    records: [
      ...report.stages.map((s, i) => ({
        record_type: 'iter' as const,
        t: t0 + i,
        replay_token: token,
        stage: `canary_${s.cohort_percent}`,
        action: 'rollout_gate',
        gate_result: s.verdict,
      })),
      {
        record_type: 'iter' as const,
        t: t0 + report.stages.length,
        replay_token: token,
        stage: 'gate',
        action: 'verdict',
        gate_result: report.verdict,
      },
      // A failed gate halts the rollout: each fired trigger is an error the rollback answers.
      ...report.rollback_triggers
        .filter((r) => r.fired)
        .map((r, i) =>
          errorTraceRecord(
            'ROLLOUT_HALTED',
            `${options.environment}: rollback trigger ${r.trigger}: ${r.details.join('; ')}`,
            { t: t0 + report.stages.length + 1 + i, failure_operator: ROLLOUT_GATE_OPERATOR, replay_token: token },
            { trigger: r.trigger },
          ),
        ),
    ],
    // A gate may run more than once in a rollout (a hold, then a pass): each report is kept,
    // named by the step that wrote it, so the latest is the one with the highest step.
    evidence: [
      {
        object_type: 'rollout_gate_report',
        object_id: `${options.environment}/${stepId}`,
        bytes,
      },
      // The other shards' heads, so this state (and a bundle of it) carries their chains.
      ...(await Promise.all(
        others.map(async (shard) => ({
          object_type: MERGED_HEAD_EVIDENCE,
          object_id: `${options.environment}/${stepId}/${shard.shard_id}`,
          bytes: await store.get(shard.state),
        })),
      )),
    ],
  });
  return { report, report_hash: sha256(bytes), head_hash: step.head_hash };
}
