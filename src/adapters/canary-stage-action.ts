// The canary-stage action: one stage of the rollout from the given state; the summary shows
// every gate value against its threshold, the frozen snapshot and what happens next. A breach
// fails the step (the workflow's rollback job runs on failure).
import { formatDigest } from '../core/digest.js';
import { actionWorkspace, type ActionDefinition } from '../action-shell/action-runtime.js';
import { canaryStageSpec, type CanaryStageSpecOptions } from '../specs/canary-stage.js';
import { actionInputs } from '../specs/spec.js';
import { canaryStageSummary } from '../summaries/rollout-summary.js';

export const canaryStageAction: ActionDefinition<CanaryStageSpecOptions> = {
  name: 'canary-stage',
  state: { dir: (i) => i.stateDir, heads: (i) => [i.state] },
  inputs: actionInputs(canaryStageSpec),
  parseInputs: (raw) => canaryStageSpec.parse(raw, 'action'),
  async run(inputs, context) {
    const { canaryStageJob } = await import('../jobs/canary-stage-job.js');
    const result = await canaryStageJob({
      workspace: actionWorkspace(context),
      stateDir: inputs.stateDir,
      configPath: inputs.config,
      parent: inputs.state,
      environment: inputs.environment,
      ...(inputs.stage !== undefined ? { stage: inputs.stage } : {}),
      ...(inputs.cohort !== undefined ? { cohort: inputs.cohort } : {}),
      shard: inputs.shard,
      ...(inputs.trafficCommand ? { trafficCommand: inputs.trafficCommand } : {}),
      metrics: inputs.metrics,
      now: context.now,
      host: context.host,
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      log: (line) => context.runner.info('rollgate canary-stage: ', line),
    });
    const { report } = result;
    const breached = result.gate_report.gates.filter((g) => g.result === 'fail');
    return {
      outputs: {
        verdict: report.verdict,
        'snapshot-hash': formatDigest(report.metrics_snapshot_hash),
        'gate-report-hash': formatDigest(report.gate_report_hash),
        'stage-report-hash': formatDigest(result.report_hash),
        cohort: String(report.cohort_percent),
        next: report.next,
        state: formatDigest(result.head_hash),
      },
      summary: canaryStageSummary(result),
      annotations: breached.map((g) => ({
        level: 'error' as const,
        title: `canary stage ${report.stage_index} (${report.cohort_percent}%): ${g.gate} breached`,
        message: g.reason,
      })),
      ...(report.verdict === 'fail'
        ? {
            failure: `stage ${report.stage_index} (${report.cohort_percent}%) breached ${breached.map((g) => g.gate).join(', ')}: the rollout is halted; roll back`,
          }
        : {}),
    };
  },
};
