// One canary stage (DESIGN 8.1): from a verified state whose preflight passed, the next stage
// of the rollout checkpoint (or the one asked for) shifts traffic with the user's command,
// waits the dwell, takes the metrics at one evaluation instant, freezes and stores the
// snapshot, judges it with EvaluateHealthGates_v1, and commits snapshot, gate report, stage
// report and the new checkpoint as one step. A stage the store already holds is resumed, never
// judged again: its recorded step is returned as it is.
import { resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { formatDigest, objectDigest, sha256 } from '../core/digest.js';
import type { HostEnvironment } from '../core/host.js';
import { newCheckpoint, recordStage, type RolloutCheckpoint } from '../deploy/checkpoint.js';
import { deployReplayToken } from '../deploy/deploy-replay-token.js';
import { gateTraceRecords } from '../deploy/gate-trace.js';
import { GATES_OPERATOR, thresholdsValue, type GateReport } from '../deploy/health-gates.js';
import { judgeSnapshot } from '../deploy/judge-snapshot.js';
import type { MetricsSnapshot } from '../deploy/metrics-snapshot.js';
import {
  admittedRelease,
  readCheckpoint,
  readPreflight,
  readStageEvidence,
  stageEvidenceId,
} from '../deploy/rollout-evidence.js';
import { isStageRetry, selectStage, STAGE_STEP_OPERATOR } from '../deploy/stage-selection.js';
import { stageReport, type StageReport, type TrafficRecord } from '../deploy/stage-report.js';
import { runtimeEnvHash } from '../lock/toolchain.js';
import { loadConfigFile } from '../providers/config-file.js';
import { takeSnapshot } from '../providers/metrics/take-snapshot.js';
import { recordCycle } from '../providers/record-cycle.js';
import { shiftTraffic } from '../providers/traffic-command.js';
import { ZERO_COUNTERS } from '../runtime/cycle.js';
import { ObjectStore } from '../store/object-store.js';
import { appendStep, loadHead, readStepHead, traceLength, verifyChain } from '../store/step-heads.js';

export const CANARY_OPERATOR = 'UML_OS.Deploy.CanaryStage_v1';

export interface CanaryStageOptions {
  readonly workspace: string;
  readonly stateDir: string;
  readonly configPath: string;
  /** The state head of the previous step (preflight or the previous stage). */
  readonly parent: Uint8Array;
  readonly environment: string;
  /** Which stage to run: by index or by cohort percent; default the checkpoint's next. */
  readonly stage?: number;
  readonly cohort?: number;
  readonly shard: string;
  /** Overrides of the config's traffic command and metrics source. */
  readonly trafficCommand?: string;
  readonly metrics?: { source?: string; file?: string; command?: string; prometheusUrl?: string };
  /** Wall clock, epoch seconds. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
  /** The machine the stage runs on: its platform and architecture enter the replay token. */
  readonly host: HostEnvironment;
}

export interface CanaryStageResult {
  readonly report: StageReport;
  readonly snapshot: MetricsSnapshot;
  readonly gate_report: GateReport;
  readonly report_hash: Uint8Array;
  readonly head_hash: Uint8Array;
  readonly checkpoint: RolloutCheckpoint;
  /** True when the stage was already judged and its recorded step is returned. */
  readonly resumed: boolean;
}

async function dwell(seconds: number, cohort: number, options: CanaryStageOptions): Promise<void> {
  const step = Math.max(1, Math.min(30, Math.ceil(seconds / 10)));
  for (let waited = 0; waited < seconds; waited += step) {
    options.log(`dwell at ${cohort}%: ${waited}/${seconds} s`);
    await options.sleep(Math.min(step, seconds - waited) * 1000);
  }
  options.log(`dwell at ${cohort}%: ${seconds}/${seconds} s, taking metrics`);
}

export async function canaryStageJob(options: CanaryStageOptions): Promise<CanaryStageResult> {
  // Load: the config, the verified chain, the release its preflight admitted, the checkpoint.
  const at = (p: string) => resolve(options.workspace, p);
  const config = await loadConfigFile(at(options.configPath));
  const store = new ObjectStore(at(options.stateDir));
  const chain = await verifyChain(store, options.parent);
  const parent = chain[chain.length - 1]!;
  const { environment, shard } = options;
  const release = admittedRelease(await readPreflight(store, parent, environment), environment);
  const checkpoint =
    (await readCheckpoint(store, parent, release, environment)) ??
    newCheckpoint(release, environment, config.rollout.cohorts);
  const selected = selectStage(checkpoint, options, environment);
  if (selected.kind === 'judged') {
    // Asked again for a stage the state already judged: its evidence, as recorded.
    const id = stageEvidenceId(environment, shard, selected.stage.stage_index);
    const recorded = await readStageEvidence(store, parent, id);
    return { ...recorded, head_hash: options.parent, checkpoint, resumed: true };
  }
  const { stage_index, cohort_percent } = selected.stage;
  const id = stageEvidenceId(environment, shard, stage_index);
  // A re-run job whose first attempt committed this stage finds it in the store: resume it.
  const existing = await readStepHead(store, parent.run_id, parent.step_index + 1);
  if (existing) {
    const head = await loadHead(store, existing);
    if (isStageRetry(head, options.parent)) {
      const recorded = await readStageEvidence(store, head, id);
      const restored = (await readCheckpoint(store, head, release, environment))!;
      options.log(`stage ${stage_index} was already judged ${recorded.report.verdict}: resuming from its checkpoint`);
      return { ...recorded, head_hash: existing, checkpoint: restored, resumed: true };
    }
  }

  // Operate: shift traffic, dwell, take and store the snapshot, judge it from its bytes.
  const env = {
    ROLLGATE_COHORT_PERCENT: String(cohort_percent),
    ROLLGATE_RELEASE_HASH: formatDigest(release),
    ROLLGATE_ENVIRONMENT: environment,
    ROLLGATE_STAGE_INDEX: String(stage_index),
    ROLLGATE_SHARD: shard,
  };
  let traffic: TrafficRecord | null = null;
  const trafficCommand = options.trafficCommand ?? config.traffic_command;
  if (trafficCommand) {
    options.log(`stage ${stage_index}: shifting ${cohort_percent}% of traffic`);
    traffic = await shiftTraffic(trafficCommand, {
      cwd: options.workspace,
      env,
      timeout_seconds: config.rollout.traffic_timeout_seconds,
      stage: `stage ${stage_index} at ${cohort_percent}%`,
    });
  }
  await dwell(config.rollout.dwell_seconds, cohort_percent, options);
  const evaluation = options.now();
  const taken = await takeSnapshot({
    config,
    workspace: options.workspace,
    subject: { release_hash: release, environment, stage_index, cohort_percent, shard_id: shard },
    metrics: options.metrics ?? {},
    env,
    at: evaluation,
    sleep: options.sleep,
  });
  const [snapshotHash] = await store.putMany([taken.bytes]);
  const judged = judgeSnapshot(taken.bytes, snapshotHash!, config.gates, id);
  const gateReport = judged.gate_report;
  const next = recordStage(checkpoint, {
    stage_index,
    cohort_percent,
    verdict: gateReport.verdict,
    metrics_snapshot_hash: snapshotHash!,
    gate_report_hash: judged.gate_report_hash,
  });
  const report = stageReport(
    {
      release_hash: release,
      environment,
      shard_id: shard,
      stage_index,
      cohort_percent,
      dwell_seconds: config.rollout.dwell_seconds,
      traffic,
      metrics_attempts: taken.attempts,
      metrics_snapshot_hash: snapshotHash!,
      gate_report_hash: judged.gate_report_hash,
      verdict: gateReport.verdict,
    },
    next,
  );

  // Commit: snapshot, gate report, stage report and checkpoint as one step; then the cycle.
  const reportBytes = encodeCanonical(report);
  const token = deployReplayToken({
    policy_bundle_hash: objectDigest(thresholdsValue(config.gates)),
    runtime_env_hash: runtimeEnvHash(options.host.platform, options.host.arch),
    operators: [
      { operator_id: CANARY_OPERATOR, version: 'v1' },
      { operator_id: GATES_OPERATOR, version: 'v1' },
    ],
    inputs_hash: snapshotHash!,
  });
  const t0 = await traceLength(store, options.parent);
  const step = await appendStep(store, {
    run_id: parent.run_id,
    parent: options.parent,
    operator: STAGE_STEP_OPERATOR,
    records: gateTraceRecords(gateReport, `canary_${cohort_percent}`, t0, token),
    evidence: [
      { object_type: 'metrics_snapshot', object_id: id, bytes: taken.bytes },
      { object_type: 'gate_report', object_id: id, bytes: judged.gate_report_bytes },
      { object_type: 'stage_report', object_id: id, bytes: reportBytes },
    ],
    checkpoint: next,
  });
  const pass = gateReport.verdict === 'pass';
  await recordCycle(
    at(options.stateDir),
    {
      ...ZERO_COUNTERS,
      discovered_cases: 1,
      queued_cases: 1,
      applied_cases: pass ? 1 : 0,
      retryable_failures: taken.attempts - 1,
      retry_attempts: taken.attempts - 1,
      failed_cases: pass ? 0 : 1,
      cloud_rollouts: pass ? 1 : 0,
    },
    { now_unix_ms: evaluation * 1000, duration_ms: config.rollout.dwell_seconds * 1000 },
  );
  return {
    report,
    snapshot: taken.snapshot,
    gate_report: gateReport,
    report_hash: sha256(reportBytes),
    head_hash: step.head_hash,
    checkpoint: next,
    resumed: false,
  };
}
