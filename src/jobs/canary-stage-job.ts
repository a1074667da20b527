// One canary stage (DESIGN 8.1): from a verified state whose preflight passed, the next stage
// of the rollout checkpoint (or the one asked for) shifts traffic with the user's command,
// waits the dwell, takes the metrics at one evaluation instant, freezes and stores the
// snapshot, judges it with EvaluateHealthGates_v1, and commits snapshot, gate report, stage
// report and the new checkpoint as one step. A stage the store already holds is resumed, never
// judged again: its recorded step is returned as it is.
import { resolve } from 'node:path';
import { decodeCanonical, encodeCanonical } from '../core/cbor.js';
import { equalBytes } from '../core/bytes.js';
import { formatDigest, objectDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { deployReplayToken } from '../deploy/deploy-replay-token.js';
import { loadConfigFile } from '../providers/config-file.js';
import { newCheckpoint, recordStage, remainingStages, type RolloutCheckpoint } from '../deploy/checkpoint.js';
import { gateTraceRecords } from '../deploy/gate-trace.js';
import { GATES_OPERATOR, thresholdsValue, type GateReport } from '../deploy/health-gates.js';
import type { MetricsSnapshot } from '../deploy/metrics-snapshot.js';
import { findEvidence, readCheckpoint, readPreflight, stageEvidenceId } from '../deploy/rollout-evidence.js';
import { nextStep, STAGE_REPORT_VERSION, type StageReport, type TrafficRecord } from '../deploy/stage-report.js';
import { runtimeEnvHash } from '../lock/toolchain.js';
import { runShell } from '../providers/shell-command.js';
import { ObjectStore } from '../store/object-store.js';
import { loadHead, readStepHead, traceLength, verifyChain, appendStep } from '../store/step-heads.js';
import type { StepHead } from '../store/step-head-schema.js';
import { ZERO_COUNTERS } from '../runtime/cycle.js';
import { judgeMetrics } from './judge-metrics.js';
import { recordCycle } from '../providers/record-cycle.js';

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

async function readStage(
  store: ObjectStore,
  head: StepHead,
  id: string,
): Promise<Pick<CanaryStageResult, 'report' | 'snapshot' | 'gate_report' | 'report_hash'>> {
  const get = async (type: string) => {
    const entry = findEvidence(head, type, id);
    if (!entry) throw new RollgateError('TRACE_ARTIFACT_MISSING', `the state has no ${type} ${id}`);
    return { value: decodeCanonical(await store.get(entry.digest)), digest: entry.digest };
  };
  const report = await get('stage_report');
  return {
    report: report.value as unknown as StageReport,
    snapshot: (await get('metrics_snapshot')).value as unknown as MetricsSnapshot,
    gate_report: (await get('gate_report')).value as unknown as GateReport,
    report_hash: report.digest,
  };
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
  const at = (p: string) => resolve(options.workspace, p);
  const config = await loadConfigFile(at(options.configPath));
  const store = new ObjectStore(at(options.stateDir));
  const chain = await verifyChain(store, options.parent);
  const parent = chain[chain.length - 1]!;
  const { environment, shard } = options;
  const preflight = await readPreflight(store, parent, environment);
  if (!preflight) {
    throw new RollgateError(
      'TRACE_ARTIFACT_MISSING',
      `rollback trigger missing_trace_artifacts: the state has no preflight report for ${environment}; run preflight first`,
    );
  }
  if (preflight.verdict !== 'pass') {
    const code = preflight.failed_checks.includes('signatures') ? 'SIGNATURE_INVALID' : 'CHECKPOINT_INCOMPATIBLE';
    throw new RollgateError(
      code,
      `${code === 'SIGNATURE_INVALID' ? 'rollback trigger signature_mismatch: ' : ''}preflight of ${environment} failed (${preflight.failed_checks.join(', ')}); no stage runs`,
    );
  }
  const release = preflight.release_hash;
  const checkpoint =
    (await readCheckpoint(store, parent, release, environment)) ??
    newCheckpoint(release, environment, config.rollout.cohorts);
  const judged = checkpoint.gate_states.find(
    (g) => g.stage_index === options.stage || (options.stage === undefined && g.cohort_percent === options.cohort),
  );
  if (judged) {
    // Asked again for a stage the state already judged: its evidence, as recorded.
    const recorded = await readStage(store, parent, stageEvidenceId(environment, shard, judged.stage_index));
    return { ...recorded, head_hash: options.parent, checkpoint, resumed: true };
  }
  const planned = remainingStages(checkpoint)[0];
  if (checkpoint.status === 'halted') {
    throw new RollgateError('ROLLOUT_HALTED', `the rollout of ${environment} halted at a failed stage: roll back`);
  }
  if (
    !planned ||
    (options.stage !== undefined && options.stage !== planned.stage_index) ||
    (options.cohort !== undefined && options.cohort !== planned.cohort_percent)
  ) {
    throw new RollgateError(
      'STAGE_OUT_OF_ORDER',
      `next is ${planned ? `stage ${planned.stage_index} at ${planned.cohort_percent}%` : 'nothing: every stage was judged'}; asked for ${options.stage !== undefined ? `stage ${options.stage}` : `${options.cohort}%`}`,
    );
  }
  // A re-run job whose first attempt committed this stage finds it in the store: resume it.
  const existing = await readStepHead(store, parent.run_id, parent.step_index + 1);
  if (existing) {
    const head = await loadHead(store, existing);
    if (head.operator === 'canary-stage' && head.parent && equalBytes(head.parent, options.parent)) {
      const recorded = await readStage(store, head, stageEvidenceId(environment, shard, planned.stage_index));
      const restored = (await readCheckpoint(store, head, release, environment))!;
      options.log(
        `stage ${planned.stage_index} was already judged ${recorded.report.verdict}: resuming from its checkpoint`,
      );
      return { ...recorded, head_hash: existing, checkpoint: restored, resumed: true };
    }
  }

  const { stage_index, cohort_percent } = planned;
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
    const run = await runShell(trafficCommand, {
      cwd: options.workspace,
      env,
      timeout_ms: config.rollout.traffic_timeout_seconds * 1000,
    });
    if (run.exit_code !== 0 || run.timed_out) {
      throw new RollgateError(
        'TRAFFIC_COMMAND_FAILED',
        `stage ${stage_index} at ${cohort_percent}%: the traffic command ${run.timed_out ? `timed out after ${config.rollout.traffic_timeout_seconds} s` : `exited with ${run.exit_code ?? run.signal}`}\n${run.stderr.text.slice(-2000)}`,
      );
    }
    traffic = {
      command: trafficCommand,
      exit_code: 0,
      stdout: run.stdout.text,
      stdout_truncated: run.stdout.truncated,
      stderr: run.stderr.text,
      stderr_truncated: run.stderr.truncated,
    };
  }
  await dwell(config.rollout.dwell_seconds, cohort_percent, options);
  const evaluation = options.now();
  const measured = await judgeMetrics({
    store,
    config,
    workspace: options.workspace,
    what: { release_hash: release, environment, stage_index, cohort_percent, shard_id: shard },
    metrics: options.metrics ?? {},
    env,
    at: evaluation,
    sleep: options.sleep,
  });
  const { snapshot, gate_report: gateReport, snapshot_hash: snapshotHash, gate_report_hash: gateHash } = measured;
  const next = recordStage(checkpoint, {
    stage_index,
    cohort_percent,
    verdict: gateReport.verdict,
    metrics_snapshot_hash: snapshotHash,
    gate_report_hash: gateHash,
  });
  const report: StageReport = {
    report_version: STAGE_REPORT_VERSION,
    release_hash: release,
    environment,
    shard_id: shard,
    stage_index,
    cohort_percent,
    dwell_seconds: config.rollout.dwell_seconds,
    traffic,
    metrics_attempts: measured.attempts,
    metrics_snapshot_hash: snapshotHash,
    gate_report_hash: gateHash,
    verdict: gateReport.verdict,
    checkpoint: { cursor: next.cursor, canary_percent: next.canary_percent, status: next.status },
    next: nextStep(next),
  };
  const reportBytes = encodeCanonical(report);
  const token = deployReplayToken({
    policy_bundle_hash: objectDigest(thresholdsValue(config.gates)),
    runtime_env_hash: runtimeEnvHash(process.platform, process.arch),
    operators: [
      { operator_id: CANARY_OPERATOR, version: 'v1' },
      { operator_id: GATES_OPERATOR, version: 'v1' },
    ],
    inputs_hash: snapshotHash,
  });
  const t0 = await traceLength(store, options.parent);
  const records = gateTraceRecords(gateReport, `canary_${cohort_percent}`, t0, token);
  const id = stageEvidenceId(environment, shard, stage_index);
  const step = await appendStep(store, {
    run_id: parent.run_id,
    parent: options.parent,
    operator: 'canary-stage',
    records,
    evidence: [
      { object_type: 'metrics_snapshot', object_id: id, bytes: measured.snapshot_bytes },
      { object_type: 'gate_report', object_id: id, bytes: measured.gate_report_bytes },
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
      retryable_failures: measured.attempts - 1,
      retry_attempts: measured.attempts - 1,
      failed_cases: pass ? 0 : 1,
      cloud_rollouts: pass ? 1 : 0,
    },
    { now_unix_ms: evaluation * 1000, duration_ms: config.rollout.dwell_seconds * 1000 },
  );
  return {
    report,
    snapshot,
    gate_report: gateReport,
    report_hash: sha256(reportBytes),
    head_hash: step.head_hash,
    checkpoint: next,
    resumed: false,
  };
}
