// The frozen metrics snapshot of a canary stage (DESIGN 8.1, document 000 II.F): every input
// value, the queries, the window, the evaluation time and the source, as canonical CBOR, named
// by its ObjectDigest (metrics_snapshot_hash). The gate is computed from this object only.
// A value a provider returned that is not a finite number is frozen as text ("NaN",
// "Infinity", "-Infinity") and a missing one as null: both fail the gate, and both stay
// visible to the reviewer, instead of vanishing into an encoding error.
import { f64, isF64, type F64 } from '../core/cbor.js';
import { objectDigest } from '../core/digest.js';

export const SNAPSHOT_VERSION = 'rollgate.metrics-snapshot/v1';

export type MetricName = 'requests' | 'errors' | 'p95_baseline_ms' | 'p95_canary_ms' | 'replay_determinism_failures';
export const METRIC_NAMES: readonly MetricName[] = [
  'requests',
  'errors',
  'p95_baseline_ms',
  'p95_canary_ms',
  'replay_determinism_failures',
];
/** Counts are integers; latencies are typed binary64 floats. */
const COUNTS = new Set<MetricName>(['requests', 'errors', 'replay_determinism_failures']);

/** A frozen value: an integer count, a binary64 float, a non-finite marker, or null (missing). */
export type FrozenValue = number | F64 | 'NaN' | 'Infinity' | '-Infinity' | null;

export interface MetricsSnapshot {
  readonly snapshot_version: typeof SNAPSHOT_VERSION;
  readonly release_hash: Uint8Array;
  readonly environment: string;
  readonly stage_index: number;
  readonly cohort_percent: number;
  readonly shard_id: string;
  readonly source: { readonly kind: 'file' | 'command' | 'prometheus'; readonly ref: string };
  readonly queries: Readonly<Record<string, string>>;
  readonly window_seconds: number;
  readonly evaluation_time_utc: string;
  readonly values: Readonly<Record<MetricName, FrozenValue>>;
}

/** Freezes one raw provider value by the metric's declared type. */
export function freezeValue(name: MetricName, raw: unknown): FrozenValue {
  if (raw === undefined || raw === null) return null;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number') return null;
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (COUNTS.has(name)) return Number.isSafeInteger(n) && n >= 0 ? n : null;
  return f64(n);
}

/** Whether `v` is a value freezeValue gives for `name`: a snapshot read back is checked with it. */
export function isFrozenValue(name: MetricName, v: unknown): v is FrozenValue {
  if (v === null || v === 'NaN' || v === 'Infinity' || v === '-Infinity') return true;
  if (COUNTS.has(name)) return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  return isF64(v) && Number.isFinite(v.value);
}

export function freezeValues(raw: Readonly<Partial<Record<MetricName, unknown>>>): Record<MetricName, FrozenValue> {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, freezeValue(name, raw[name])])) as Record<
    MetricName,
    FrozenValue
  >;
}

export function snapshotHash(snapshot: MetricsSnapshot): Uint8Array {
  return objectDigest(snapshot);
}
