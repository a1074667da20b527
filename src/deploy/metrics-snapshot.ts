// The frozen metrics snapshot of a canary stage (DESIGN 8.1, document 000 II.F): every input
// value, the queries, the window, the evaluation time and the source, as canonical CBOR, named
// by its ObjectDigest (metrics_snapshot_hash). The gate is computed from this object only.
// A value a provider returned that is not a finite number is frozen as text ("NaN",
// "Infinity", "-Infinity") and a missing one as null: both fail the gate, and both stay
// visible to the reviewer, instead of vanishing into an encoding error.
import { Type, type TSchema } from '@sinclair/typebox';
import { f64, type F64 } from '../core/cbor.js';
import { objectDigest } from '../core/digest.js';
import {
  Count,
  Digest32,
  evidenceReader,
  Exact,
  Float64,
  OneOf,
  type EvidenceReader,
} from '../core/evidence-reader.js';
import { formatUtc } from '../core/utc-time.js';

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

/**
 * A decimal numeral as JSON writes one (RFC 8259 §6): no sign but '-', no leading zeros, no
 * radix prefix ("0x2EE0", "0b0", "0o264" are numbers to Number(), not here), no blanks.
 */
export const DECIMAL_NUMERAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The number a text value stands for: a decimal numeral or a non-finite spelling, else none. */
function numberOfText(text: string): number | undefined {
  if (DECIMAL_NUMERAL.test(text)) return Number(text);
  if (text === 'NaN') return NaN;
  if (text === 'Infinity') return Infinity;
  if (text === '-Infinity') return -Infinity;
  return undefined;
}

/**
 * Freezes one raw provider value by the metric's declared type. The providers refuse what is
 * not a metric value (METRICS_INVALID); this is the last guard for any other path: other text
 * and a negative count or duration freeze as null (missing), which fails the gate.
 */
export function freezeValue(name: MetricName, raw: unknown): FrozenValue {
  if (raw === undefined || raw === null) return null;
  const n = typeof raw === 'string' ? numberOfText(raw) : raw;
  if (typeof n !== 'number') return null;
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n < 0) return null;
  if (COUNTS.has(name)) return Number.isSafeInteger(n) ? n : null;
  return f64(n);
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

/** What a snapshot is of: the release, environment, stage and shard it judges. */
export type SnapshotSubject = Pick<
  MetricsSnapshot,
  'release_hash' | 'environment' | 'stage_index' | 'cohort_percent' | 'shard_id'
>;

/**
 * The snapshot of what a metrics source returned, taken at `at` (epoch seconds). A source that
 * does not count replay failures leaves them to rollgate's own replay check (a snapshot that does
 * not re-judge identically fails the step), so they freeze as 0 unless the source gave a value.
 */
export function freezeSnapshot(
  subject: SnapshotSubject,
  raw: {
    readonly source: MetricsSnapshot['source'];
    readonly queries: MetricsSnapshot['queries'];
    readonly values: Readonly<Partial<Record<MetricName, unknown>>>;
  },
  window_seconds: number,
  at: number,
): MetricsSnapshot {
  return {
    snapshot_version: SNAPSHOT_VERSION,
    ...subject,
    source: raw.source,
    queries: raw.queries,
    window_seconds,
    evaluation_time_utc: formatUtc(at),
    values: freezeValues({ replay_determinism_failures: 0, ...raw.values }),
  };
}

const frozen = <T extends TSchema>(value: T) =>
  Type.Union([value, OneOf(['NaN', 'Infinity', '-Infinity']), Type.Null()]);

/** The frozen values by metric: each exactly what freezeValue gives for its name. */
export const FrozenValuesSchema = Exact({
  requests: frozen(Count),
  errors: frozen(Count),
  p95_baseline_ms: frozen(Float64),
  p95_canary_ms: frozen(Float64),
  replay_determinism_failures: frozen(Count),
});

export const MetricsSnapshotSchema = Exact({
  snapshot_version: Type.Literal(SNAPSHOT_VERSION),
  release_hash: Digest32,
  environment: Type.String(),
  stage_index: Count,
  cohort_percent: Count,
  shard_id: Type.String(),
  source: Exact({ kind: OneOf(['file', 'command', 'prometheus']), ref: Type.String() }),
  queries: Type.Record(Type.String(), Type.String()),
  window_seconds: Count,
  evaluation_time_utc: Type.String(),
  values: FrozenValuesSchema,
});

/** The reader of stored metrics snapshots (evidence type `metrics_snapshot`). */
export const metricsSnapshotReader: EvidenceReader<MetricsSnapshot> = evidenceReader(
  'metrics_snapshot',
  MetricsSnapshotSchema,
);
