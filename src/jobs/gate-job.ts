// The gate step (DESIGN 3): reads the state of every shard (the primary state and the shards'
// heads, all in this store), re-judges every stage from its frozen snapshot, reads health, and
// commits the rollout gate report on the primary state's chain.
import { resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { formatDigest, objectDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import type { HostEnvironment } from '../core/host.js';
import { deployReplayToken } from '../deploy/deploy-replay-token.js';
import { rolloutGateTraceRecords } from '../deploy/gate-trace.js';
import { thresholdsValue } from '../deploy/health-gates.js';
import { judgeRollout, ROLLOUT_GATE_OPERATOR, type RolloutGateReport } from '../deploy/rollout-gate.js';
import { rolloutHealth } from '../deploy/rollout-health.js';
import { shardEvidence } from '../deploy/shard-evidence.js';
import { runtimeEnvHash } from '../lock/toolchain.js';
import { loadConfigFile } from '../providers/config-file.js';
import { classifyHealth } from '../runtime/health-state.js';
import { ObjectStore } from '../store/object-store.js';
import { readState } from '../store/state-file.js';
import { appendStep, MERGED_HEAD_EVIDENCE, traceLength, verifyChain } from '../store/step-heads.js';

export interface GateOptions {
  readonly workspace: string;
  readonly stateDir: string;
  readonly configPath: string;
  readonly state: Uint8Array;
  /** Heads of the other shards (matrix jobs), already imported into this store. */
  readonly shards: readonly Uint8Array[];
  readonly environment: string;
  /** The machine the gate runs on: its platform and architecture enter the replay token. */
  readonly host: HostEnvironment;
}

export interface GateResult {
  readonly report: RolloutGateReport;
  readonly report_hash: Uint8Array;
  readonly head_hash: Uint8Array;
}

export async function gateJob(options: GateOptions): Promise<GateResult> {
  // Load: the config, every shard's evidence (the primary's preflight names the release), health.
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
  const state = await readState(at(options.stateDir));

  // Operate: the rollout verdict.
  const report = judgeRollout({
    release_hash: release,
    environment: options.environment,
    shards,
    thresholds: config.gates,
    health: rolloutHealth(state && classifyHealth(state.health), shards),
  });

  // Commit: the report on the primary chain, with the other shards' heads merged into it.
  const bytes = encodeCanonical(report);
  const chain = await verifyChain(store, options.state);
  const head = chain[chain.length - 1]!;
  const token = deployReplayToken({
    policy_bundle_hash: objectDigest(thresholdsValue(config.gates)),
    runtime_env_hash: runtimeEnvHash(options.host.platform, options.host.arch),
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
    records: rolloutGateTraceRecords(report, t0, token),
    // A gate may run more than once in a rollout (a hold, then a pass): each report is kept,
    // named by the step that wrote it, so the latest is the one with the highest step.
    evidence: [
      { object_type: 'rollout_gate_report', object_id: `${options.environment}/${stepId}`, bytes },
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
