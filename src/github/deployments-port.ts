// What promote and rollback need from GitHub's Deployments and Checks APIs (DESIGN 8.2, 8.3):
// a port, so the jobs run against GitHub, against a fake checked with GitHub's OpenAPI
// description, or (locally, CLI and demo) against nothing at all.

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

export interface DeploymentRecord {
  readonly id: number;
  readonly ref: string;
  readonly sha: string;
  readonly environment: string;
  /** The payload rollgate wrote when it created the deployment (release_hash …), as GitHub keeps it. */
  readonly payload: unknown;
  readonly created_at: string;
}

export interface DeploymentsPort {
  createDeployment(input: {
    readonly ref: string;
    readonly environment: string;
    readonly description: string;
    readonly payload: Readonly<Record<string, unknown>>;
    readonly production_environment: boolean;
  }): Promise<{ readonly id: number }>;
  setStatus(
    deploymentId: number,
    input: {
      readonly state: DeploymentState;
      readonly description: string;
      readonly log_url?: string;
      readonly environment_url?: string;
    },
  ): Promise<void>;
  /** The environment's deployments whose latest status is `success`, newest first. */
  listSuccessful(environment: string): Promise<DeploymentRecord[]>;
  createCheckRun(input: {
    readonly name: string;
    readonly head_sha: string;
    readonly conclusion: 'success' | 'failure';
    readonly title: string;
    readonly summary: string;
    readonly details_url?: string;
  }): Promise<{ readonly id: number }>;
}
