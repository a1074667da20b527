// Each environment's deployment history in state.json (`environments.<env>.history`), oldest
// first: what promote and rollback did, so rollback can find the previous stable release and
// the deployment report can count outcomes. Other keys of the environment (checkpoint_schema)
// are kept.
import type { StateDocument } from '../store/state-document.js';

export type DeploymentOutcome = 'success' | 'failed' | 'rolled_back';

export interface DeploymentEntry {
  readonly release_hash: string;
  readonly status: DeploymentOutcome;
  readonly at_utc: string;
  readonly certificate_hash?: string;
  readonly state?: string;
  readonly deployment_id?: number | null;
  /** For a rollback: the release it restored. */
  readonly restored_release_hash?: string;
  readonly rollback_report_hash?: string;
}

type Environments = Record<string, Record<string, unknown> & { history?: DeploymentEntry[] }>;

function environmentsOf(state: StateDocument): Environments {
  const value = state.environments;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Environments) : {};
}

export function deploymentHistory(state: StateDocument, environment: string): readonly DeploymentEntry[] {
  const history = environmentsOf(state)[environment]?.history;
  return Array.isArray(history) ? history : [];
}

/**
 * Appends `entry` to the environment's history. `checkpointSchema`, when given, is the schema the
 * environment is at after this deployment (a promotion); a rollback leaves it as it was, since
 * restoring a release does not undo a migration.
 */
export function recordDeployment(
  state: StateDocument,
  environment: string,
  entry: DeploymentEntry,
  checkpointSchema?: string | null,
): StateDocument {
  const environments = environmentsOf(state);
  const current = environments[environment] ?? {};
  return {
    ...state,
    environments: {
      ...environments,
      [environment]: {
        ...current,
        ...(checkpointSchema === undefined ? {} : { checkpoint_schema: checkpointSchema }),
        history: [...deploymentHistory(state, environment), entry],
      },
    },
  };
}

/** The checkpoint schema state.json records for the environment: undefined when it records none. */
export function recordedCheckpoint(state: StateDocument, environment: string): string | null | undefined {
  const environment_ = environmentsOf(state)[environment];
  if (!environment_ || !('checkpoint_schema' in environment_)) return undefined;
  const value = environment_.checkpoint_schema;
  return typeof value === 'string' ? value : null;
}

/** The newest release the environment ran successfully, other than `except`. */
export function previousStable(state: StateDocument, environment: string, except: string): string | undefined {
  return [...deploymentHistory(state, environment)]
    .reverse()
    .find((e) => e.status === 'success' && e.release_hash !== except)?.release_hash;
}
