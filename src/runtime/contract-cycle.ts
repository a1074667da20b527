// One cycle of document 001's contract runner (reference §4): queue the fixture's cases in a
// fixed order, skip the keys already processed, evaluate and contract-check each case, retry
// retryable failures with exponential backoff, and return the counters with the next processed
// keys and rollouts. Pure apart from its ports (sleep, clock, manifest loader): it writes
// nothing, so a contract mismatch, which throws, leaves the state as it was.
import { RollgateError } from '../core/errors.js';
import { ZERO_COUNTERS, type CycleCounters } from './cycle.js';
import { evaluateCase, sameBody, type CaseResponse, type LoadedManifest } from './evaluate-case.js';
import type { Fixture, FixtureCase } from './fixture.js';
import type { RolloutRecord, StateDocument, StoredRollout } from '../store/state-document.js';

export interface CycleOptions {
  readonly queue_limit: number;
  readonly processed_case_cap: number;
  readonly retry_max_attempts: number;
  readonly retry_base_delay_ms: number;
}

/** Document 001's runner defaults. */
export const DEFAULT_CYCLE_OPTIONS: CycleOptions = Object.freeze({
  queue_limit: 64,
  processed_case_cap: 10_000,
  retry_max_attempts: 4,
  retry_base_delay_ms: 0,
});

/** The exponent of the backoff stops growing here (document 001: base * 2^min(attempt-1, 10)). */
const MAX_BACKOFF_EXPONENT = 10;

export interface CyclePorts {
  readonly sleep: (ms: number) => Promise<void>;
  /** Wall clock, epoch milliseconds: the rollouts' updated_unix_ms. */
  readonly nowUnixMs: () => number;
  /** Loads and verifies a WASM manifest named by a case (path as written in the fixture). */
  readonly loadManifest: (path: string) => Promise<LoadedManifest>;
}

export interface CycleResult {
  readonly counters: CycleCounters;
  readonly processed_case_keys: readonly string[];
  readonly rollouts: readonly StoredRollout[];
  /** The queued cases in processing order, with what became of each. */
  readonly processed: readonly { readonly case_key: string; readonly result: CaseResult }[];
}

export type CaseResult = 'applied' | 'duplicate' | 'malformed' | 'failed';

/** Refuses what document 001 refuses: a zero (or non-integer) limit, cap or attempt count. */
export function checkCycleOptions(options: CycleOptions): CycleOptions {
  const positive = ['queue_limit', 'processed_case_cap', 'retry_max_attempts'] as const;
  for (const key of positive) {
    const v = options[key];
    if (!Number.isSafeInteger(v) || v < 1)
      throw new RollgateError('INPUT_INVALID', `${key} must be a whole number of at least 1, got ${String(v)}`);
  }
  const delay = options.retry_base_delay_ms;
  if (!Number.isSafeInteger(delay) || delay < 0)
    throw new RollgateError('INPUT_INVALID', `retry_base_delay_ms must be a whole number >= 0, got ${String(delay)}`);
  return options;
}

const lc = (s: string) => s.trim().toLowerCase();

/** `lc(target):lc(runtime):lc(environment):lc(blueprint_id):case_id`, each trimmed. */
export function caseKey(c: FixtureCase): string {
  return [lc(c.deploy_target), lc(c.runtime_profile), lc(c.environment), lc(c.blueprint_id), c.case_id.trim()].join(
    ':',
  );
}

/** Byte order of the UTF-8 encodings, as Rust compares strings. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Sorted by case_id, blueprint_id, deploy_target, then cut to the queue limit. */
export function queueCases(cases: readonly FixtureCase[], queueLimit: number): FixtureCase[] {
  return [...cases]
    .sort(
      (a, b) =>
        compareBytes(a.case_id, b.case_id) ||
        compareBytes(a.blueprint_id, b.blueprint_id) ||
        compareBytes(a.deploy_target, b.deploy_target),
    )
    .slice(0, queueLimit);
}

/** Trimmed, blanks dropped, deduplicated keeping the first occurrence, cut to the newest `cap`. */
export function normalizeProcessedKeys(keys: readonly string[], cap: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const key of keys) {
    const k = key.trim();
    if (k === '' || seen.has(k)) continue;
    seen.add(k);
    out.push(k);
  }
  return out.slice(Math.max(0, out.length - cap));
}

/** The wait after failed attempt `attempt` (from 1): base * 2^(attempt-1), the exponent capped. */
export function retryDelayMs(baseDelayMs: number, attempt: number): number {
  if (baseDelayMs === 0) return 0;
  return baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), MAX_BACKOFF_EXPONENT);
}

/** The contract check: outcome, status_code, error_code and a deep-equal response_body. */
export function checkContract(c: FixtureCase, observed: CaseResponse): void {
  const e = c.expected;
  const mismatch = (what: string, expected: unknown, got: unknown) =>
    new RollgateError(
      'CONTRACT_MISMATCH',
      `case '${c.case_id}' expected ${what} ${JSON.stringify(expected)} but observed ${JSON.stringify(got)}`,
      { diagnostics: { case_id: c.case_id, field: what } },
    );
  if (observed.outcome !== e.outcome) throw mismatch('outcome', e.outcome, observed.outcome);
  if (observed.status_code !== e.status_code) throw mismatch('status_code', e.status_code, observed.status_code);
  if (observed.error_code !== e.error_code.trim()) throw mismatch('error_code', e.error_code, observed.error_code);
  if (!sameBody(e.response_body, observed.response_body))
    throw mismatch('response_body', e.response_body, observed.response_body);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function rolloutRecord(c: FixtureCase, key: string, r: CaseResponse, now: number): RolloutRecord {
  const body = r.response_body;
  const size = body.artifact_size_bytes;
  const constraints = body.runtime_constraints;
  return {
    case_key: key,
    case_id: c.case_id,
    deploy_target: lc(c.deploy_target),
    runtime_profile: lc(c.runtime_profile),
    blueprint_id: c.blueprint_id.trim(),
    environment: lc(c.environment),
    region: c.region.trim(),
    artifact: str(body.artifact),
    artifact_sha256: str(body.artifact_sha256),
    artifact_size_bytes: typeof size === 'number' ? size : 0,
    artifact_manifest: str(body.artifact_manifest),
    runtime_constraints: Array.isArray(constraints)
      ? constraints.filter((x): x is string => typeof x === 'string')
      : [],
    replicas: c.replicas,
    rollout_strategy: str(body.rollout_strategy),
    status_code: r.status_code,
    outcome: 'success',
    error_code: '',
    updated_unix_ms: now,
  };
}

/** Runs one cycle over `previous`; throws CONTRACT_MISMATCH (saving nothing) on the first drift. */
export async function runContractCycle(
  fixture: Fixture,
  previous: StateDocument,
  options: CycleOptions,
  ports: CyclePorts,
): Promise<CycleResult> {
  checkCycleOptions(options);
  const keys = normalizeProcessedKeys(previous.processed_case_keys, options.processed_case_cap);
  const known = new Set(keys);
  const rollouts = new Map(previous.rollouts.map((r) => [r.case_key, r]));
  const queue = queueCases(fixture.cases, options.queue_limit);
  const n = { ...ZERO_COUNTERS, discovered_cases: fixture.cases.length, queued_cases: queue.length };
  const processed: { case_key: string; result: CaseResult }[] = [];
  const record = (key: string) => {
    if (known.has(key)) return;
    keys.push(key);
    known.add(key);
    while (keys.length > options.processed_case_cap) known.delete(keys.shift()!);
  };
  const evaluate = async (c: FixtureCase): Promise<CaseResponse> => {
    const manifestPath = c.wasm_manifest.trim();
    const wantsManifest = lc(c.deploy_target) === 'wasm' && manifestPath !== '' && !c.simulate_retryable_failure;
    return evaluateCase(c, wantsManifest ? await ports.loadManifest(manifestPath) : undefined);
  };

  for (const c of queue) {
    const key = caseKey(c);
    if (known.has(key)) {
      n.duplicate_skips++;
      processed.push({ case_key: key, result: 'duplicate' });
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      const response = await evaluate(c);
      checkContract(c, response);
      if (response.outcome === 'success') {
        const rollout = rolloutRecord(c, key, response, ports.nowUnixMs());
        rollouts.set(key, rollout);
        n.applied_cases++;
        n.upserted_rollouts++;
        if (rollout.deploy_target === 'wasm') n.wasm_rollouts++;
        else n.cloud_rollouts++;
        record(key);
        processed.push({ case_key: key, result: 'applied' });
        break;
      }
      if (response.outcome === 'malformed_input') {
        n.malformed_cases++;
        record(key);
        processed.push({ case_key: key, result: 'malformed' });
        break;
      }
      n.retryable_failures++;
      if (attempt >= options.retry_max_attempts) {
        n.failed_cases++;
        processed.push({ case_key: key, result: 'failed' });
        break;
      }
      n.retry_attempts++;
      const delay = retryDelayMs(options.retry_base_delay_ms, attempt);
      if (delay > 0) await ports.sleep(delay);
    }
  }

  return {
    counters: n,
    processed_case_keys: keys,
    rollouts: [...rollouts.values()].sort((a, b) => compareBytes(str(a.case_key), str(b.case_key))),
    processed,
  };
}
