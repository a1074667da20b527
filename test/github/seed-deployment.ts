// An earlier release already deployed: a successful deployment on the fake GitHub, made through
// rollgate's own client, for the rollback paths that restore "the release before".
import { githubDeployments } from '../../src/github/deployments-client.js';
import type { FakeGitHub } from './fake-github.js';

export async function seedSuccessfulDeployment(
  github: FakeGitHub,
  deployment: { readonly environment: string; readonly release_hash: string; readonly description: string },
): Promise<void> {
  const client = githubDeployments({ token: github.token, repository: 'org/app', apiUrl: github.url });
  const earlier = await client.createDeployment({
    ref: 'b'.repeat(40),
    environment: deployment.environment,
    description: deployment.description,
    payload: { release_hash: deployment.release_hash },
    production_environment: false,
  });
  await client.setStatus(earlier.id, { state: 'success', description: 'promoted' });
}
