// UML_OS.Deploy.EvaluateHealthGates_v1 (DESIGN 8.1, document 000 II.F): from a frozen snapshot
// only, in binary64: error_rate = errors / requests <= error_rate_max; p95_latency_delta =
// (p95_canary - p95_baseline) / max(p95_baseline, EPS_DENOM) <= p95_latency_delta_max;
// replay_determinism_failures <= its maximum (0). a ≈ b iff |a - b| <= EPS_EQ counts as equal.
// Missing, NaN or infinite inputs fail the gate (fail closed): there is no inconclusive pass.
import { Type } from '@sinclair/typebox';
import { f64, isF64, type F64 } from '../core/cbor.js';
import {
  Count,
  Digest32,
  evidenceReader,
  Exact,
  Float64,
  OneOf,
  type EvidenceReader,
} from '../core/evidence-reader.js';
import { FrozenValuesSchema, type FrozenValue, type MetricsSnapshot } from './metrics-snapshot.js';

export const GATES_OPERATOR = 'UML_OS.Deploy.EvaluateHealthGates_v1';
export const EPS_EQ = 1e-10;
export const EPS_DENOM = 1e-12;

export interface GateThresholds {
  readonly error_rate_max: number;
  readonly p95_latency_delta_max: number;
  readonly replay_determinism_failures_max: number;
}

export const GATE_NAMES = ['error_rate', 'p95_latency_delta', 'replay_determinism_failures'] as const;
export type GateName = (typeof GATE_NAMES)[number];

export interface GateResult {
  readonly gate: GateName;
  /** The computed value, or null when an input was missing or not finite. */
  readonly value: F64 | number | null;
  readonly comparison: '<=';
  readonly threshold: F64 | number;
  readonly result: 'pass' | 'fail';
  readonly reason: string;
}

export interface GateReport {
  readonly report_version: 'rollgate.gate-report/v1';
  readonly operator: typeof GATES_OPERATOR;
  readonly stage_index: number;
  readonly cohort_percent: number;
  readonly shard_id: string;
  readonly metrics_snapshot_hash: Uint8Array;
  readonly inputs: MetricsSnapshot['values'];
  readonly gates: readonly GateResult[];
  readonly verdict: 'pass' | 'fail';
}

function finite(v: FrozenValue): number | undefined {
  if (v === null || typeof v === 'string') return undefined;
  return isF64(v) ? v.value : v;
}

/** value <= threshold, with values within EPS_EQ of the threshold counted as equal (pass). */
export function withinThreshold(value: number, threshold: number): boolean {
  return value <= threshold || Math.abs(value - threshold) <= EPS_EQ;
}

function gate(name: GateName, value: number | undefined, threshold: number, why: string, integral = false): GateResult {
  if (value === undefined || !Number.isFinite(value)) {
    return {
      gate: name,
      value: null,
      comparison: '<=',
      threshold: integral ? threshold : f64(threshold),
      result: 'fail',
      reason: `fail closed: ${why}`,
    };
  }
  const pass = withinThreshold(value, threshold);
  return {
    gate: name,
    value: integral ? value : f64(value),
    comparison: '<=',
    threshold: integral ? threshold : f64(threshold),
    result: pass ? 'pass' : 'fail',
    reason: `${value} ${pass ? '<=' : '>'} ${threshold}`,
  };
}

export function evaluateHealthGates(
  snapshot: MetricsSnapshot,
  snapshotHash: Uint8Array,
  t: GateThresholds,
): GateReport {
  const v = snapshot.values;
  const requests = finite(v.requests);
  const errors = finite(v.errors);
  const baseline = finite(v.p95_baseline_ms);
  const canary = finite(v.p95_canary_ms);
  const replay = finite(v.replay_determinism_failures);
  const errorRate = requests !== undefined && requests > 0 && errors !== undefined ? errors / requests : undefined;
  const delta =
    baseline !== undefined && canary !== undefined ? (canary - baseline) / Math.max(baseline, EPS_DENOM) : undefined;
  const gates = [
    gate(
      'error_rate',
      errorRate,
      t.error_rate_max,
      requests === 0 ? 'no requests in the window' : 'requests or errors missing or not finite',
    ),
    gate('p95_latency_delta', delta, t.p95_latency_delta_max, 'a p95 latency is missing or not finite'),
    gate(
      'replay_determinism_failures',
      replay,
      t.replay_determinism_failures_max,
      'replay_determinism_failures missing or not finite',
      true,
    ),
  ];
  return {
    report_version: 'rollgate.gate-report/v1',
    operator: GATES_OPERATOR,
    stage_index: snapshot.stage_index,
    cohort_percent: snapshot.cohort_percent,
    shard_id: snapshot.shard_id,
    metrics_snapshot_hash: snapshotHash,
    inputs: snapshot.values,
    gates,
    verdict: gates.every((g) => g.result === 'pass') ? 'pass' : 'fail',
  };
}

/** The thresholds as a canonical CBOR value (the rates are binary64): what replay tokens bind. */
export function thresholdsValue(t: GateThresholds) {
  return {
    error_rate_max: f64(t.error_rate_max),
    p95_latency_delta_max: f64(t.p95_latency_delta_max),
    replay_determinism_failures_max: t.replay_determinism_failures_max,
  };
}

/** The thresholds a recorded report was judged with, as its gates show them. */
export function recordedThresholds(report: GateReport): GateThresholds {
  const of = (name: GateName) => {
    const threshold = report.gates.find((g) => g.gate === name)!.threshold;
    return isF64(threshold) ? threshold.value : threshold;
  };
  return {
    error_rate_max: of('error_rate'),
    p95_latency_delta_max: of('p95_latency_delta'),
    replay_determinism_failures_max: of('replay_determinism_failures'),
  };
}

export const GateResultSchema = Exact({
  gate: OneOf(GATE_NAMES),
  value: Type.Union([Float64, Type.Integer(), Type.Null()]),
  comparison: Type.Literal('<='),
  threshold: Type.Union([Float64, Type.Integer()]),
  result: OneOf(['pass', 'fail']),
  reason: Type.String(),
});

export const GateReportSchema = Exact({
  report_version: Type.Literal('rollgate.gate-report/v1'),
  operator: Type.Literal(GATES_OPERATOR),
  stage_index: Count,
  cohort_percent: Count,
  shard_id: Type.String(),
  metrics_snapshot_hash: Digest32,
  inputs: FrozenValuesSchema,
  gates: Type.Array(GateResultSchema),
  verdict: OneOf(['pass', 'fail']),
});

/** The reader of stored gate reports (evidence type `gate_report`): every gate once, in order. */
export const gateReportReader: EvidenceReader<GateReport> = evidenceReader('gate_report', GateReportSchema, {
  refine: (report) =>
    report.gates.map((g) => g.gate).join() === GATE_NAMES.join()
      ? []
      : [{ path: '/gates', message: `must be the gates ${GATE_NAMES.join(', ')}, each once, in that order` }],
});
