// The promote action: the certificate key is a secret input (masked before anything runs); with
// github-token the deployment, its status and the `rollgate / <environment>` check run are
// recorded through GitHub's API (its client loads only then).
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { DEFAULT_CONFIG_PATH } from '../config/paths.js';
import type { ActionDefinition } from '../github/action-runtime.js';
import { workflowRun } from '../github/workflow-run.js';
import { DEFAULT_STATE_DIR } from '../store/layout.js';
import { promoteSummary } from './promote-summary.js';

interface PromoteInputs {
  readonly state: Uint8Array;
  readonly environment: string;
  readonly certificateKey: string;
  readonly githubToken?: string;
  readonly environmentUrl?: string;
  readonly trustStore?: string;
  readonly revocations?: string;
  readonly config: string;
  readonly stateDir: string;
}

export const promoteAction: ActionDefinition<PromoteInputs> = {
  name: 'promote',
  state: { dir: (i) => i.stateDir, heads: (i) => [i.state] },
  inputs: [
    { name: 'state' },
    { name: 'environment' },
    { name: 'certificate-key', secret: true },
    { name: 'github-token', secret: true },
    { name: 'environment-url' },
    { name: 'trust-store' },
    { name: 'revocations' },
    { name: 'config' },
    { name: 'state-dir' },
  ],
  parseInputs(raw) {
    if (!raw.state) throw new RollgateError('INPUT_INVALID', "input state is required (the gate's state output)");
    if (!raw.environment) throw new RollgateError('INPUT_INVALID', 'input environment is required');
    if (!raw['certificate-key'])
      throw new RollgateError(
        'INPUT_INVALID',
        'input certificate-key is required (a certificate-role key, from a secret)',
      );
    return {
      state: parseDigest(raw.state, 'input state'),
      environment: raw.environment,
      certificateKey: raw['certificate-key'],
      ...(raw['github-token'] ? { githubToken: raw['github-token'] } : {}),
      ...(raw['environment-url'] ? { environmentUrl: raw['environment-url'] } : {}),
      ...(raw['trust-store'] ? { trustStore: raw['trust-store'] } : {}),
      ...(raw.revocations ? { revocations: raw.revocations } : {}),
      config: raw.config ?? DEFAULT_CONFIG_PATH,
      stateDir: raw['state-dir'] ?? DEFAULT_STATE_DIR,
    };
  },
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
      workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
      stateDir: inputs.stateDir,
      configPath: inputs.config,
      state: inputs.state,
      environment: inputs.environment,
      key: { pem: inputs.certificateKey },
      env,
      tenantId: repository ?? 'local/local',
      ...(inputs.trustStore ? { trustStorePath: inputs.trustStore } : {}),
      ...(inputs.revocations ? { revocationsPath: inputs.revocations } : {}),
      outputDir: '.',
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
