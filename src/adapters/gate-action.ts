// The gate action: the rollout's verdict over every stage of every shard (pass | hold | fail),
// with the report a reviewer approves promotion from. hold and fail both fail the step, so a
// promote job that needs it cannot start.
import { formatDigest } from '../core/digest.js';
import { actionWorkspace, type ActionDefinition } from '../action-shell/action-runtime.js';
import { actionInputs } from '../specs/spec.js';
import { gateSpec, type GateSpecOptions } from '../specs/gate.js';
import { gateSummary } from '../summaries/rollout-summary.js';

export const gateAction: ActionDefinition<GateSpecOptions> = {
  name: 'gate',
  state: { dir: (i) => i.stateDir, heads: (i) => [i.state, ...i.shards] },
  inputs: actionInputs(gateSpec),
  parseInputs: (raw) => gateSpec.parse(raw, 'action'),
  async run(inputs, context) {
    const { gateJob } = await import('../jobs/gate-job.js');
    const result = await gateJob({
      workspace: actionWorkspace(context),
      host: context.host,
      stateDir: inputs.stateDir,
      configPath: inputs.config,
      state: inputs.state,
      shards: inputs.shards,
      environment: inputs.environment,
    });
    const { report } = result;
    const fired = report.rollback_triggers.filter((t) => t.fired);
    return {
      outputs: {
        verdict: report.verdict,
        'gate-report-hash': formatDigest(result.report_hash),
        'release-hash': formatDigest(report.release_hash),
        state: formatDigest(result.head_hash),
      },
      summary: gateSummary(result),
      annotations: fired.map((t) => ({
        level: 'error' as const,
        title: `rollback trigger ${t.trigger}`,
        message: t.details.join('\n'),
      })),
      ...(report.verdict !== 'pass'
        ? {
            failure:
              report.verdict === 'hold'
                ? `gate holds: ${report.holds.join('; ')}`
                : `gate failed: ${fired.map((t) => t.trigger).join(', ')}; roll back`,
          }
        : {}),
    };
  },
};
