// The promote action: the certificate key is a secret input (masked before anything runs); with
// github-token the deployment, its status and the `rollgate / <environment>` check run are
// recorded through GitHub's API (its client loads only then).
import { formatDigest } from '../core/digest.js';
import { actionWorkspace, type ActionDefinition } from '../action-shell/action-runtime.js';
import { workflowRun } from '../github/workflow-run.js';
import { promoteSpec, type PromoteSpecOptions } from '../specs/promote.js';
import { actionInputs } from '../specs/spec.js';
import { promoteSummary } from '../summaries/promote-summary.js';

export const promoteAction: ActionDefinition<PromoteSpecOptions> = {
  name: 'promote',
  state: { dir: (i) => i.stateDir, heads: (i) => [i.state] },
  inputs: actionInputs(promoteSpec),
  parseInputs: (raw) => promoteSpec.parse(raw, 'action'),
  async run(inputs, context) {
    const { promoteJob } = await import('../jobs/promote-job.js');
    const env = context.env;
    const repository = env.GITHUB_REPOSITORY;
    let github: Parameters<typeof promoteJob>[0]['github'];
    if (inputs.githubToken) {
      const run = await workflowRun(inputs.githubToken, env);
      github = {
        deployments: run.deployments,
        ref: run.sha,
        sha: run.sha,
        run_url: run.run_url,
        ...(inputs.environmentUrl ? { environment_url: inputs.environmentUrl } : {}),
      };
    }
    // With `permissions: id-token: write` the promotion is bound to the job's environment.
    const { oidcAvailable, readJobClaims } = await import('../github/oidc-claims.js');
    const claims = oidcAvailable(env) ? await readJobClaims(env) : undefined;
    const result = await promoteJob({
      workspace: actionWorkspace(context),
      stateDir: inputs.stateDir,
      configPath: inputs.config,
      state: inputs.state,
      environment: inputs.environment,
      key: { pem: inputs.certificateKey },
      env,
      tenantId: repository ?? inputs.tenant,
      ...(inputs.trustStore ? { trustStorePath: inputs.trustStore } : {}),
      ...(inputs.revocations ? { revocationsPath: inputs.revocations } : {}),
      outputDir: inputs.outputDir,
      now: context.now(),
      ...(github ? { github } : {}),
      ...(claims ? { claims } : {}),
    });
    return {
      outputs: {
        'certificate-hash': formatDigest(result.certificate_hash),
        'release-hash': formatDigest(result.certificate.signed_payload.release_hash),
        'deployment-id': result.deployment_id === null ? '' : String(result.deployment_id),
        state: formatDigest(result.head_hash),
      },
      summary: promoteSummary(result),
      annotations: [],
    };
  },
};
