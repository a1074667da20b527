// The reader of stored rollout gate reports (evidence type `rollout_gate_report`, written by the
// gate step): one schema for what judgeRollout returns, used by promotion and replay alike.
import { Type } from '@sinclair/typebox';
import {
  Count,
  Digest32,
  evidenceReader,
  Exact,
  Float64,
  OneOf,
  type EvidenceReader,
} from '../core/evidence-reader.js';
import { GateResultSchema } from './health-gates.js';
import { ROLLOUT_GATE_OPERATOR, ROLLOUT_GATE_REPORT_VERSION, type RolloutGateReport } from './rollout-gate.js';

const Verdict = OneOf(['pass', 'fail']);

export const RolloutGateReportSchema = Exact({
  report_version: Type.Literal(ROLLOUT_GATE_REPORT_VERSION),
  operator: Type.Literal(ROLLOUT_GATE_OPERATOR),
  release_hash: Digest32,
  environment: Type.String(),
  thresholds: Exact({
    error_rate_max: Float64,
    p95_latency_delta_max: Float64,
    replay_determinism_failures_max: Type.Integer(),
  }),
  shards: Type.Array(
    Exact({
      shard_id: Type.String(),
      state: Digest32,
      status: Type.String(),
      stages_judged: Count,
      stages_planned: Count,
    }),
  ),
  stages: Type.Array(
    Exact({
      stage_index: Count,
      cohort_percent: Count,
      shards: Type.Array(
        Exact({
          shard_id: Type.String(),
          metrics_snapshot_hash: Digest32,
          gate_report_hash: Digest32,
          replayed: Type.Boolean(),
          verdict: Verdict,
          gates: Type.Array(GateResultSchema),
        }),
      ),
      verdict: Verdict,
    }),
  ),
  health: Exact({
    state: Type.String(),
    rollout_gate: OneOf(['pass', 'hold']),
    reason: Type.String(),
    source: OneOf(['state.json', 'stage verdicts']),
  }),
  rollback_triggers: Type.Array(
    Exact({
      trigger: OneOf(['gate_breach', 'signature_mismatch', 'missing_trace_artifacts']),
      fired: Type.Boolean(),
      details: Type.Array(Type.String()),
    }),
  ),
  holds: Type.Array(Type.String()),
  verdict: OneOf(['pass', 'hold', 'fail']),
});

export const rolloutGateReportReader: EvidenceReader<RolloutGateReport> = evidenceReader(
  'rollout_gate_report',
  RolloutGateReportSchema,
);
