// `rollgate run-fixture` (DESIGN 8.5): reads a document 001 fixture and the state directory's
// state.json, runs one contract cycle, then records it (state.json written atomically with
// every key it does not own kept, plus one runtime-events.jsonl line). A refused fixture or a
// contract mismatch stops before anything is written.
import { performance } from 'node:perf_hooks';
import type { HostEnvironment } from '../core/host.js';
import { loadManifestFile, readFixtureText } from '../providers/fixture-files.js';
import { recordCycle } from '../providers/record-cycle.js';
import {
  DEFAULT_CYCLE_OPTIONS,
  checkCycleOptions,
  runContractCycle,
  type CaseResult,
  type CycleOptions,
} from '../runtime/contract-cycle.js';
import { reasonCodes, type CycleCounters, type ReasonCode } from '../runtime/cycle.js';
import { parseFixture } from '../runtime/fixture.js';
import { classifyHealth, type HealthClassification } from '../runtime/health-state.js';
import { type HealthSnapshot, emptyState } from '../store/state-document.js';
import { readState } from '../store/state-file.js';
import { storeLayout } from '../store/layout.js';

export interface RunFixtureOptions {
  readonly fixturePath: string;
  readonly stateDir: string;
  readonly cycle?: Partial<CycleOptions>;
  /** Wall clock, epoch milliseconds (rollouts' and health's updated_unix_ms). */
  readonly nowUnixMs: () => number;
  /** Waits between retries; tests record the delays instead of waiting. */
  readonly sleep: (ms: number) => Promise<void>;
  /** The machine the cycle runs on: its cwd is where relative `wasm_manifest` paths start. */
  readonly host: HostEnvironment;
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

export async function runFixtureJob(options: RunFixtureOptions): Promise<RunFixtureReport> {
  const cycleOptions = checkCycleOptions({ ...DEFAULT_CYCLE_OPTIONS, ...options.cycle });
  const fixture = parseFixture(await readFixtureText(options.fixturePath), options.fixturePath);
  const previous = (await readState(options.stateDir)) ?? emptyState();
  const elapsed = options.elapsedMs ?? (() => performance.now());
  const { cwd } = options.host;
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
