// `rollgate run-fixture` (DESIGN 8.5): reads a document 001 fixture and the state directory's
// state.json, runs one contract cycle, then records it (state.json written atomically with
// every key it does not own kept, plus one runtime-events.jsonl line). A refused fixture or a
// contract mismatch stops before anything is written.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RollgateError } from '../core/errors.js';
import {
  DEFAULT_CYCLE_OPTIONS,
  checkCycleOptions,
  runContractCycle,
  type CaseResult,
  type CycleOptions,
} from '../runtime/contract-cycle.js';
import { reasonCodes, type CycleCounters, type ReasonCode } from '../runtime/cycle.js';
import type { LoadedManifest } from '../runtime/evaluate-case.js';
import { parseFixture } from '../runtime/fixture.js';
import { classifyHealth, type HealthClassification } from '../runtime/health-state.js';
import { type HealthSnapshot, emptyState } from '../store/state-document.js';
import { readBytesIfPresent, readTextIfPresent } from '../util/read-text.js';
import { readState } from '../store/state-file.js';
import { storeLayout } from '../store/layout.js';
import { inspectDeliverable } from '../wasm/deliverable.js';
import { recordCycle } from '../providers/record-cycle.js';

export interface RunFixtureOptions {
  readonly fixturePath: string;
  readonly stateDir: string;
  readonly cycle?: Partial<CycleOptions>;
  /** Wall clock, epoch milliseconds (rollouts' and health's updated_unix_ms). */
  readonly nowUnixMs: () => number;
  /** Waits between retries; tests record the delays instead of waiting. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Base of relative `wasm_manifest` paths, as document 001 (the current directory). */
  readonly cwd?: string;
  /** Monotonic milliseconds for cycle_duration_ms. */
  readonly elapsedMs?: () => number;
}

export interface RunFixtureReport {
  readonly fixture_path: string;
  readonly fixture_name: string;
  readonly state_path: string;
  readonly events_log_path: string;
  readonly counters: CycleCounters;
  readonly reason_codes: readonly ReasonCode[];
  readonly health: HealthSnapshot;
  readonly classification: HealthClassification;
  readonly processed: readonly { readonly case_key: string; readonly result: CaseResult }[];
}

async function readFixtureText(path: string): Promise<string> {
  try {
    if (!(await stat(path)).isFile()) throw new RollgateError('FILE_NOT_FOUND', `${path}: the fixture is not a file`);
    // Bounded (READ_LIMITS.fixture): over it is INPUT_TOO_LARGE naming the file.
    const text = await readTextIfPresent(path, 'fixture');
    if (text === undefined) throw new RollgateError('FILE_NOT_FOUND', `${path}: the fixture is not a file`);
    return text;
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RollgateError(
      code === 'ENOENT' || code === 'ENOTDIR' ? 'FILE_NOT_FOUND' : 'FILE_READ_FAILED',
      `${path}: cannot read the fixture (${code ?? String(error)})`,
      { diagnostics: { path }, cause: error },
    );
  }
}

/**
 * Loads a WASM manifest and its artifact (resolved against the manifest's directory) and
 * verifies them with the packaging code's checks. Any failure, or a non-compliant result, is
 * `ok: false`: the evaluator answers 400 invalid_wasm_manifest, as document 001 does. Both
 * reads are bounded (READ_LIMITS.fixture, READ_LIMITS.wasm), so a manifest naming a huge file
 * or a device is that same answer, not an exhausted heap: the artifact is read whole because
 * inspection parses its imports as well as hashing it, and no profile allows one near the bound.
 */
export async function loadManifestFile(path: string, cwd: string): Promise<LoadedManifest> {
  const file = resolve(cwd, path);
  try {
    const text = await readTextIfPresent(file, 'fixture');
    if (text === undefined) return { ok: false };
    const raw = JSON.parse(text) as { artifact_path?: unknown };
    if (typeof raw.artifact_path !== 'string') return { ok: false };
    const artifact = await readBytesIfPresent(resolve(dirname(file), raw.artifact_path), 'wasm');
    if (artifact === undefined) return { ok: false };
    const inspection = inspectDeliverable(text, file, artifact);
    if (!inspection.compliant) return { ok: false };
    const m = inspection.manifest;
    return {
      ok: true,
      runtime_profile: m.runtime_profile,
      artifact_path: m.artifact_path,
      artifact_sha256: m.artifact_sha256,
      artifact_size_bytes: m.artifact_size_bytes,
      capability_constraints: m.capability_constraints,
    };
  } catch {
    return { ok: false };
  }
}

export async function runFixtureJob(options: RunFixtureOptions): Promise<RunFixtureReport> {
  const cycleOptions = checkCycleOptions({ ...DEFAULT_CYCLE_OPTIONS, ...options.cycle });
  const fixture = parseFixture(await readFixtureText(options.fixturePath), options.fixturePath);
  const previous = (await readState(options.stateDir)) ?? emptyState();
  const elapsed = options.elapsedMs ?? (() => performance.now());
  const cwd = options.cwd ?? process.cwd();
  const started = elapsed();
  const result = await runContractCycle(fixture, previous, cycleOptions, {
    sleep: options.sleep,
    nowUnixMs: options.nowUnixMs,
    loadManifest: (path) => loadManifestFile(path, cwd),
  });
  const duration = Math.max(0, Math.round(elapsed() - started));
  const state = await recordCycle(
    options.stateDir,
    result.counters,
    { now_unix_ms: options.nowUnixMs(), duration_ms: duration },
    (s) => ({ ...s, processed_case_keys: result.processed_case_keys, rollouts: result.rollouts }),
  );
  const layout = storeLayout(options.stateDir);
  return {
    fixture_path: options.fixturePath,
    fixture_name: fixture.name,
    state_path: layout.stateJson,
    events_log_path: layout.eventsLog,
    counters: result.counters,
    reason_codes: reasonCodes(result.counters),
    health: state.health,
    classification: classifyHealth(state.health),
    processed: result.processed,
  };
}
