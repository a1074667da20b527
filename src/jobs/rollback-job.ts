// UML_OS.Deploy.ExecuteRollback_v1 (DESIGN 8.3): find the environment's previous stable
// release (its history in state.json, else its GitHub deployments whose latest status is
// success), run the user's deploy command with it, re-check health with the same gate as the
// canary stages, write rollback_report (and its hash), and record the outcome in the
// environment's history. Post-rollback health that fails the gate fails the step.
import { resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { formatDigest, objectDigest, parseDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import type { HostEnvironment } from '../core/host.js';
import { errorTraceRecord, type TraceRecord } from '../core/trace.js';
import { formatUtc } from '../core/utc-time.js';
import { deployReplayToken } from '../deploy/deploy-replay-token.js';
import { deploymentReport, type DeploymentReport } from '../runtime/deployment-report.js';
import { gateTraceRecords } from '../deploy/gate-trace.js';
import { GATES_OPERATOR, thresholdsValue, type GateReport } from '../deploy/health-gates.js';
import { judgeSnapshot } from '../deploy/judge-snapshot.js';
import { ROLLBACK_OPERATOR, ROLLBACK_REPORT_VERSION, type RollbackReport } from '../deploy/rollback-report.js';
import { readFailedRollout } from '../deploy/rollout-evidence.js';
import type { DeploymentsPort } from '../github/deployments-port.js';
import { runtimeEnvHash } from '../lock/toolchain.js';
import { loadConfigFile } from '../providers/config-file.js';
import { takeSnapshot } from '../providers/metrics/take-snapshot.js';
import { recordCycle } from '../providers/record-cycle.js';
import { runShell } from '../providers/shell-command.js';
import { ZERO_COUNTERS } from '../runtime/cycle.js';
import { deploymentHistory, previousStable, recordDeployment } from '../runtime/deployment-history.js';
import { emptyState } from '../store/state-document.js';
import { ObjectStore } from '../store/object-store.js';
import { readState, writeState } from '../store/state-file.js';
import { appendStep, traceLength, verifyChain } from '../store/step-heads.js';

export interface RollbackOptions {
  readonly workspace: string;
  readonly stateDir: string;
  readonly configPath: string;
  readonly environment: string;
  /** The failed rollout's state, when the rollback follows one (absent for a manual rollback). */
  readonly state?: Uint8Array;
  /** The release being rolled back; default the environment's latest in its history. */
  readonly failedRelease?: Uint8Array;
  readonly deployCommand?: string;
  readonly metrics?: { source?: string; file?: string; command?: string; prometheusUrl?: string };
  readonly reason: string;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly github?: { readonly deployments: DeploymentsPort; readonly ref: string; readonly run_url: string };
  /** The machine the rollback runs on: its platform and architecture enter the replay token. */
  readonly host: HostEnvironment;
}

export interface RollbackResult {
  readonly report: RollbackReport;
  readonly report_hash: Uint8Array;
  readonly gate_report: GateReport;
  readonly deployment_report: DeploymentReport;
  readonly head_hash: Uint8Array | null;
  readonly deployment_id: number | null;
}

async function findTarget(
  options: RollbackOptions,
  history: Parameters<typeof previousStable>[0],
  failed: string,
): Promise<{ release: string; from: RollbackReport['restored_from'] }> {
  const local = previousStable(history, options.environment, failed);
  if (local) return { release: local, from: 'state.json history' };
  for (const d of (await options.github?.deployments.listSuccessful(options.environment)) ?? []) {
    const release = (d.payload as { release_hash?: unknown } | null)?.release_hash;
    if (typeof release === 'string' && release !== failed) return { release, from: 'GitHub deployments' };
  }
  throw new RollgateError(
    'ROLLBACK_TARGET_MISSING',
    `${options.environment}: no successful release other than ${failed} in state.json or its GitHub deployments`,
  );
}

export async function rollbackJob(options: RollbackOptions): Promise<RollbackResult> {
  const at = (p: string) => resolve(options.workspace, p);
  const config = await loadConfigFile(at(options.configPath));
  const stateDir = at(options.stateDir);
  const store = new ObjectStore(stateDir);
  const chain = options.state ? await verifyChain(store, options.state) : undefined;
  let state = (await readState(stateDir)) ?? emptyState();
  const latest = deploymentHistory(state, options.environment).at(-1)?.release_hash;
  const breach = chain ? await readFailedRollout(store, chain[chain.length - 1]!, options.environment) : undefined;
  const failedRelease = options.failedRelease ?? breach?.release_hash;
  const failed = failedRelease ? formatDigest(failedRelease) : latest;
  if (!failed)
    throw new RollgateError('INPUT_INVALID', `${options.environment}: say which release failed (no history)`);
  const target = await findTarget(options, state, failed);
  const command = options.deployCommand ?? config.deploy_command;
  if (!command)
    throw new RollgateError('CONFIG_INVALID', 'rollback needs deploy_command (config) or a deploy-command input');
  const deployment = options.github
    ? await options.github.deployments.createDeployment({
        ref: options.github.ref,
        environment: options.environment,
        description: `rollgate rollback to ${target.release.slice(0, 19)}`,
        payload: { release_hash: target.release, rollback_of: failed },
        production_environment: config.environments.at(-1) === options.environment,
      })
    : undefined;
  const setStatus = async (s: 'in_progress' | 'success' | 'failure', description: string) => {
    if (deployment && options.github)
      await options.github.deployments.setStatus(deployment.id, {
        state: s,
        description,
        log_url: options.github.run_url,
      });
  };
  await setStatus('in_progress', 'rolling back');
  const env = {
    ROLLGATE_RELEASE_HASH: target.release,
    ROLLGATE_ENVIRONMENT: options.environment,
    ROLLGATE_ROLLBACK_FROM: failed,
  };
  const run = await runShell(command, {
    cwd: options.workspace,
    env,
    timeout_ms: config.rollout.traffic_timeout_seconds * 1000,
  });
  // The rollback ends the run the breach left open: its records, then run_end. A deploy command
  // that fails ends it `failed` in a head that is stored and named but not claimed as the run's
  // next step, so a rollback retried once the command is fixed can take it.
  const trace = chain && {
    t0: await traceLength(store, options.state!),
    token: deployReplayToken({
      policy_bundle_hash: objectDigest(thresholdsValue(config.gates)),
      runtime_env_hash: runtimeEnvHash(options.host.platform, options.host.arch),
      operators: [
        { operator_id: ROLLBACK_OPERATOR, version: 'v1' },
        { operator_id: GATES_OPERATOR, version: 'v1' },
      ],
      inputs_hash: objectDigest({ failed_release_hash: failed, restored_release_hash: target.release }),
    }),
  };
  const runEnd = (t: number, finalStatus: 'rolled_back' | 'failed'): TraceRecord => ({
    record_type: 'run_end',
    t,
    replay_token: trace!.token,
    final_status: finalStatus,
    env: options.environment,
    release_hash: parseDigest(failed),
    restored_release_hash: parseDigest(target.release),
  });
  const deployRecord = (t: number, result: 'pass' | 'fail'): TraceRecord => ({
    record_type: 'iter',
    t,
    replay_token: trace!.token,
    stage: 'rollback',
    action: 'deploy',
    gate_result: result,
    release_hash: parseDigest(target.release),
  });
  if (run.exit_code !== 0 || run.timed_out) {
    await setStatus('failure', 'deploy command failed');
    const message = `rollback of ${options.environment} to ${target.release}: the deploy command ${run.timed_out ? 'timed out' : `exited with ${run.exit_code ?? run.signal}`}`;
    let recorded = '';
    if (chain && trace) {
      const { t0, token } = trace;
      const failedStep = await appendStep(store, {
        claim: false,
        run_id: chain[chain.length - 1]!.run_id,
        parent: options.state!,
        operator: 'rollback',
        records: [
          deployRecord(t0, 'fail'),
          errorTraceRecord('DEPLOY_COMMAND_FAILED', message, {
            t: t0 + 1,
            failure_operator: ROLLBACK_OPERATOR,
            replay_token: token,
          }),
          runEnd(t0 + 2, 'failed'),
        ],
        evidence: [],
      });
      recorded = formatDigest(failedStep.head_hash);
    }
    throw new RollgateError(
      'DEPLOY_COMMAND_FAILED',
      `${message}${recorded && ` (recorded in state ${recorded})`}\n${run.stderr.text.slice(-2000)}`,
      { diagnostics: recorded ? { state: recorded } : {} },
    );
  }
  // The same gate as the canary stages, on the restored release at full exposure, after the
  // same dwell, so the window holds the restored release's traffic.
  if (config.rollout.dwell_seconds > 0) await options.sleep(config.rollout.dwell_seconds * 1000);
  const evaluation = options.now();
  const subject = {
    release_hash: parseDigest(target.release),
    environment: options.environment,
    stage_index: 0,
    cohort_percent: 100,
    shard_id: 'rollback',
  };
  const taken = await takeSnapshot({
    config,
    workspace: options.workspace,
    subject,
    metrics: options.metrics ?? {},
    env: { ...env, ROLLGATE_COHORT_PERCENT: '100', ROLLGATE_STAGE_INDEX: '0' },
    at: evaluation,
    sleep: options.sleep,
  });
  const [snapshotHash] = await store.putMany([taken.bytes]);
  const health = {
    ...judgeSnapshot(taken.bytes, snapshotHash!, config.gates, `${options.environment}/rollback`),
    snapshot_bytes: taken.bytes,
    snapshot_hash: snapshotHash!,
    attempts: taken.attempts,
  };
  const restored = health.gate_report.verdict === 'pass';
  const report: RollbackReport = {
    report_version: ROLLBACK_REPORT_VERSION,
    operator: ROLLBACK_OPERATOR,
    environment: options.environment,
    reason: options.reason,
    failed_release_hash: failed,
    restored_release_hash: target.release,
    restored_from: target.from,
    deploy: { command, exit_code: 0, stdout: run.stdout.text, stderr: run.stderr.text },
    metrics_snapshot_hash: health.snapshot_hash,
    gate_report_hash: health.gate_report_hash,
    health_verdict: health.gate_report.verdict,
    verdict: restored ? 'restored' : 'failed',
    completed_at_utc: formatUtc(evaluation),
  };
  const bytes = encodeCanonical(report);
  const [reportHash] = await store.putMany([bytes]);
  let head: Uint8Array | null = null;
  if (chain && trace) {
    const last = chain[chain.length - 1]!;
    const gates = gateTraceRecords(health.gate_report, 'rollback', trace.t0 + 1, trace.token);
    const id = `${options.environment}/rollback-${String(last.step_index + 1).padStart(4, '0')}`;
    head = (
      await appendStep(store, {
        run_id: last.run_id,
        parent: options.state!,
        operator: 'rollback',
        records: [
          deployRecord(trace.t0, 'pass'),
          ...gates,
          runEnd(trace.t0 + 1 + gates.length, restored ? 'rolled_back' : 'failed'),
        ],
        evidence: [
          { object_type: 'rollback_report', object_id: id, bytes },
          { object_type: 'metrics_snapshot', object_id: id, bytes: health.snapshot_bytes },
          { object_type: 'gate_report', object_id: id, bytes: health.gate_report_bytes },
        ],
      })
    ).head_hash;
  }
  const when = formatUtc(evaluation);
  if (latest !== failed || deploymentHistory(state, options.environment).at(-1)?.status !== 'failed')
    state = recordDeployment(state, options.environment, {
      release_hash: failed,
      status: 'failed',
      // When the breach was measured, so the recovery time counts from there.
      at_utc: breach?.at_utc ?? when,
    });
  state = recordDeployment(state, options.environment, {
    release_hash: target.release,
    status: restored ? 'rolled_back' : 'failed',
    at_utc: when,
    restored_release_hash: target.release,
    rollback_report_hash: formatDigest(reportHash!),
    deployment_id: deployment?.id ?? null,
  });
  await writeState(stateDir, state);
  // The health re-check is a runtime cycle too: a restored release resets the failure streak.
  await recordCycle(
    stateDir,
    {
      ...ZERO_COUNTERS,
      discovered_cases: 1,
      queued_cases: 1,
      applied_cases: restored ? 1 : 0,
      failed_cases: restored ? 0 : 1,
      retry_attempts: health.attempts - 1,
      retryable_failures: health.attempts - 1,
      cloud_rollouts: restored ? 1 : 0,
    },
    { now_unix_ms: evaluation * 1000, duration_ms: 0 },
  );
  await setStatus(
    restored ? 'success' : 'failure',
    restored ? 'rolled back; health passes' : 'rolled back; health still fails',
  );
  return {
    report,
    report_hash: sha256(bytes),
    gate_report: health.gate_report,
    deployment_report: deploymentReport(options.environment, deploymentHistory(state, options.environment)),
    head_hash: head,
    deployment_id: deployment?.id ?? null,
  };
}
