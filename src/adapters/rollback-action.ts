// The rollback action: after a failed stage (given its state) or by hand (workflow_dispatch,
// environment only), restore the previous stable release, re-check health with the same gate,
// and report; with github-token the rollback is a GitHub deployment of the restored release.
import { formatDigest } from '../core/digest.js';
import { actionWorkspace, type ActionDefinition } from '../action-shell/action-runtime.js';
import { workflowRun } from '../github/workflow-run.js';
import { rollbackSpec, type RollbackSpecOptions } from '../specs/rollback.js';
import { actionInputs } from '../specs/spec.js';
import { rollbackSummary } from '../summaries/rollback-summary.js';

export const rollbackAction: ActionDefinition<RollbackSpecOptions> = {
  name: 'rollback',
  state: { dir: (i) => i.stateDir, heads: (i) => (i.state ? [i.state] : []) },
  inputs: actionInputs(rollbackSpec),
  parseInputs: (raw) => rollbackSpec.parse(raw, 'action'),
  async run(inputs, context) {
    const { rollbackJob } = await import('../jobs/rollback-job.js');
    const env = context.env;
    let github: Parameters<typeof rollbackJob>[0]['github'];
    if (inputs.githubToken) {
      const run = await workflowRun(inputs.githubToken, env);
      github = { deployments: run.deployments, ref: run.sha, run_url: run.run_url };
    }
    const result = await rollbackJob({
      workspace: actionWorkspace(context),
      stateDir: inputs.stateDir,
      configPath: inputs.config,
      environment: inputs.environment,
      ...(inputs.state ? { state: inputs.state } : {}),
      ...(inputs.failedRelease ? { failedRelease: inputs.failedRelease } : {}),
      ...(inputs.deployCommand ? { deployCommand: inputs.deployCommand } : {}),
      reason: inputs.reason,
      now: context.now,
      host: context.host,
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      ...(github ? { github } : {}),
    });
    const restored = result.report.verdict === 'restored';
    return {
      outputs: {
        verdict: result.report.verdict,
        'rollback-report-hash': formatDigest(result.report_hash),
        'restored-release-hash': result.report.restored_release_hash,
        'deployment-id': result.deployment_id === null ? '' : String(result.deployment_id),
        state: result.head_hash ? formatDigest(result.head_hash) : '',
      },
      summary: rollbackSummary(result),
      annotations: [],
      ...(restored
        ? {}
        : { failure: `rolled back to ${result.report.restored_release_hash}, but health still fails the gate` }),
    };
  },
};
