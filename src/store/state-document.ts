// state.json (document 001): processed case keys, successful rollouts, the health snapshot,
// and wasm_deliverables, which rollgate keeps across later writes (document 001's runtime
// erased them). Any other top-level key (rollgate's environment history) is kept as it is.
import { RollgateError, compareText } from '../core/errors.js';

/** Document 001's ten health fields, plus the two DESIGN 5 needs to judge the last cycle. */
export interface HealthSnapshot {
  readonly updated_unix_ms: number;
  readonly cycle_duration_ms: number;
  readonly queue_depth: number;
  readonly active_runs: number;
  readonly failure_streak: number;
  readonly last_cycle_discovered: number;
  readonly last_cycle_processed: number;
  readonly last_cycle_completed: number;
  readonly last_cycle_failed: number;
  readonly last_cycle_duplicates: number;
  readonly last_cycle_malformed: number;
  readonly last_cycle_retryable_failures: number;
}

export const EMPTY_HEALTH: HealthSnapshot = Object.freeze({
  updated_unix_ms: 0,
  cycle_duration_ms: 0,
  queue_depth: 0,
  active_runs: 0,
  failure_streak: 0,
  last_cycle_discovered: 0,
  last_cycle_processed: 0,
  last_cycle_completed: 0,
  last_cycle_failed: 0,
  last_cycle_duplicates: 0,
  last_cycle_malformed: 0,
  last_cycle_retryable_failures: 0,
});

// Type aliases, not interfaces: a rollgate-built record is a stored rollout as it stands.
export type RolloutRecord = {
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
};

/**
 * A rollout as state.json holds it: document 001's fields, each optional (the document makes
 * every state field optional) but of its type when present, and any other field kept.
 */
export type StoredRollout = Partial<RolloutRecord> & { readonly [extra: string]: unknown };

export interface StateDocument {
  readonly schema_version: 1;
  readonly processed_case_keys: readonly string[];
  readonly rollouts: readonly StoredRollout[];
  readonly health: HealthSnapshot;
  readonly [extra: string]: unknown;
}

export function emptyState(): StateDocument {
  return { schema_version: 1, processed_case_keys: [], rollouts: [], health: EMPTY_HEALTH };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Document 001's rollout fields in its order: state.json lists them so, whoever built the record. */
const ROLLOUT_FIELDS = [
  'case_key',
  'case_id',
  'deploy_target',
  'runtime_profile',
  'blueprint_id',
  'environment',
  'region',
  'artifact',
  'artifact_sha256',
  'artifact_size_bytes',
  'artifact_manifest',
  'runtime_constraints',
  'replicas',
  'rollout_strategy',
  'status_code',
  'outcome',
  'error_code',
  'updated_unix_ms',
] as const satisfies readonly (keyof RolloutRecord)[];

function invalid(where: string, what: string): RollgateError {
  return new RollgateError('STATE_FILE_INVALID', `${where}: ${what}`, { diagnostics: { path: where } });
}

/**
 * Reads state.json text; absent fields default (document 001: all fields optional). A field of
 * the wrong type is refused rather than dropped, because the next cycle would write the state
 * back without it: refusing loses nothing.
 */
export function parseState(text: string, where: string): StateDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new RollgateError('STATE_FILE_INVALID', `${where}: not valid JSON (${(error as Error).message})`, {
      diagnostics: { path: where },
      cause: error,
    });
  }
  if (!isObject(doc)) throw invalid(where, 'not a JSON object');
  if (doc.schema_version !== undefined && doc.schema_version !== 1) {
    throw invalid(where, `unsupported schema_version ${JSON.stringify(doc.schema_version)} (expected 1)`);
  }
  const keys = doc.processed_case_keys ?? [];
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw invalid(where, 'processed_case_keys must be an array of strings');
  }
  const rollouts = doc.rollouts ?? [];
  if (!Array.isArray(rollouts)) throw invalid(where, 'rollouts must be an array of objects');
  const stored = doc.health ?? {};
  if (!isObject(stored)) throw invalid(where, 'health must be an object');
  const health: { -readonly [K in keyof HealthSnapshot]: number } = { ...EMPTY_HEALTH };
  for (const key of Object.keys(health)) {
    if (!isHealthField(key)) continue;
    const value = stored[key];
    if (value === undefined) continue;
    if (!isCount(value)) throw invalid(where, `health.${key} must be an integer`);
    health[key] = value;
  }
  return {
    ...doc,
    schema_version: 1,
    processed_case_keys: keys,
    rollouts: rollouts.map((r: unknown, i) => storedRollout(r, where, i)),
    health,
  };
}

const isHealthField = (key: string): key is keyof HealthSnapshot => Object.hasOwn(EMPTY_HEALTH, key);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

/** The type each of document 001's rollout fields has when present. */
const ROLLOUT_FIELD_TYPES: { readonly [K in keyof RolloutRecord]-?: (v: unknown) => v is RolloutRecord[K] } = {
  case_key: isText,
  case_id: isText,
  deploy_target: isText,
  runtime_profile: isText,
  blueprint_id: isText,
  environment: isText,
  region: isText,
  artifact: isText,
  artifact_sha256: isText,
  artifact_size_bytes: isCount,
  artifact_manifest: isText,
  runtime_constraints: (v): v is readonly string[] => Array.isArray(v) && v.every(isText),
  replicas: isCount,
  rollout_strategy: isText,
  status_code: isCount,
  outcome: isText,
  error_code: isText,
  updated_unix_ms: isCount,
};

function storedRollout(value: unknown, where: string, index: number): StoredRollout {
  if (!isObject(value)) throw invalid(where, `rollouts[${index}] must be an object`);
  for (const field of ROLLOUT_FIELDS) {
    if (value[field] !== undefined && !ROLLOUT_FIELD_TYPES[field](value[field]))
      throw invalid(where, `rollouts[${index}].${field} has the wrong type (${typeOf(value[field])})`);
  }
  return value;
}

/** A rollout with document 001's fields first in its order, then any others sorted. */
function orderRollout(record: StoredRollout): Record<string, unknown> {
  const known = new Set<string>(ROLLOUT_FIELDS);
  const extra = Object.keys(record)
    .filter((k) => !known.has(k))
    .sort(compareText);
  return Object.fromEntries(
    [...ROLLOUT_FIELDS, ...extra].filter((k) => record[k] !== undefined).map((k) => [k, record[k]]),
  );
}

/** Pretty JSON with document 001's fields first, then rollgate's, in a fixed order. */
export function serializeState(state: StateDocument): string {
  const { schema_version, processed_case_keys, rollouts, health, ...rest } = state;
  const ordered = {
    schema_version,
    processed_case_keys,
    rollouts: rollouts.map(orderRollout),
    health,
    ...Object.fromEntries(
      Object.keys(rest)
        .sort(compareText)
        .map((k) => [k, rest[k]]),
    ),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
