// state.json (document 001): processed case keys, successful rollouts, the health snapshot,
// and wasm_deliverables, which rollgate keeps across later writes (document 001's runtime
// erased them). Any other top-level key (rollgate's environment history) is kept as it is.
import { RollgateError } from '../core/errors.js';
import { EMPTY_HEALTH, type HealthSnapshot } from './health-state.js';

export interface RolloutRecord {
  readonly case_key: string;
  readonly case_id: string;
  readonly deploy_target: string;
  readonly runtime_profile: string;
  readonly blueprint_id: string;
  readonly environment: string;
  readonly region: string;
  readonly artifact: string;
  readonly artifact_sha256: string;
  readonly artifact_size_bytes: number;
  readonly artifact_manifest: string;
  readonly runtime_constraints: readonly string[];
  readonly replicas: number;
  readonly rollout_strategy: string;
  readonly status_code: number;
  readonly outcome: string;
  readonly error_code: string;
  readonly updated_unix_ms: number;
}

export interface StateDocument {
  readonly schema_version: 1;
  readonly processed_case_keys: readonly string[];
  readonly rollouts: readonly RolloutRecord[];
  readonly health: HealthSnapshot;
  readonly [extra: string]: unknown;
}

export function emptyState(): StateDocument {
  return { schema_version: 1, processed_case_keys: [], rollouts: [], health: EMPTY_HEALTH };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads state.json text; missing fields default (document 001: all fields optional). */
export function parseState(text: string, where: string): StateDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new RollgateError('STATE_FILE_INVALID', `${where}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (!isObject(doc)) throw new RollgateError('STATE_FILE_INVALID', `${where}: not a JSON object`);
  if (doc.schema_version !== undefined && doc.schema_version !== 1) {
    throw new RollgateError(
      'STATE_FILE_INVALID',
      `${where}: unsupported schema_version ${JSON.stringify(doc.schema_version)} (expected 1)`,
    );
  }
  const health: Record<string, number> = { ...EMPTY_HEALTH };
  if (isObject(doc.health))
    for (const key of Object.keys(EMPTY_HEALTH)) if (typeof doc.health[key] === 'number') health[key] = doc.health[key];
  return {
    ...doc,
    schema_version: 1,
    processed_case_keys: Array.isArray(doc.processed_case_keys)
      ? doc.processed_case_keys.filter((k): k is string => typeof k === 'string')
      : [],
    rollouts: Array.isArray(doc.rollouts) ? (doc.rollouts.filter(isObject) as unknown as RolloutRecord[]) : [],
    health: health as unknown as HealthSnapshot,
  };
}

/** Pretty JSON with document 001's fields first, then rollgate's, in a fixed order. */
export function serializeState(state: StateDocument): string {
  const { schema_version, processed_case_keys, rollouts, health, ...rest } = state;
  const ordered = {
    schema_version,
    processed_case_keys,
    rollouts,
    health,
    ...Object.fromEntries(
      Object.keys(rest)
        .sort()
        .map((k) => [k, rest[k]]),
    ),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
