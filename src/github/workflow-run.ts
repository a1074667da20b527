// The GitHub side of a workflow run as promote and rollback need it: the deployments client
// for the run's repository (loaded only when a token is given), the commit, and the run's URL.
import { RollgateError } from '../core/errors.js';
import type { DeploymentsPort } from './deployments-port.js';

export interface WorkflowRun {
  readonly deployments: DeploymentsPort;
  readonly repository: string;
  readonly sha: string;
  readonly run_url: string;
}

export async function workflowRun(token: string, env: NodeJS.ProcessEnv): Promise<WorkflowRun> {
  const repository = env.GITHUB_REPOSITORY;
  const sha = env.GITHUB_SHA;
  if (!repository || !sha)
    throw new RollgateError(
      'INPUT_INVALID',
      'github-token needs GITHUB_REPOSITORY and GITHUB_SHA (run it in a workflow)',
    );
  const { githubDeployments } = await import('./deployments-client.js');
  return {
    deployments: githubDeployments({
      token,
      repository,
      ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    }),
    repository,
    sha,
    run_url: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? '0'}`,
  };
}
