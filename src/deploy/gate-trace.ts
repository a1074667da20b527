// Document 000 §7 trace records of a judged snapshot: one `iter` per health gate (stage, action,
// gate_result), then an `error` record per breached gate, so a breach stands in the trace
// before whatever ends the run (the rollback's run_end). Likewise for the rollout gate: one
// `iter` per stage, the verdict, and a ROLLOUT_HALTED error per fired rollback trigger.
import { errorTraceRecord, type TraceRecord } from '../core/trace.js';
import { GATES_OPERATOR, type GateReport } from './health-gates.js';
import { ROLLOUT_GATE_OPERATOR, type RolloutGateReport } from './rollout-gate.js';

export function gateTraceRecords(
  report: GateReport,
  stage: string,
  t0: number,
  replayToken: Uint8Array,
): TraceRecord[] {
  const records: TraceRecord[] = report.gates.map((g, i) => ({
    record_type: 'iter',
    t: t0 + i,
    replay_token: replayToken,
    stage,
    action: g.gate,
    gate_result: g.result,
    metrics_snapshot_hash: report.metrics_snapshot_hash,
  }));
  for (const g of report.gates.filter((x) => x.result === 'fail')) {
    records.push(
      errorTraceRecord(
        'HEALTH_GATE_BREACHED',
        `${stage}: ${g.gate} ${g.reason}`,
        { t: t0 + records.length, failure_operator: GATES_OPERATOR, replay_token: replayToken },
        { stage, gate: g.gate },
      ),
    );
  }
  return records;
}

export function rolloutGateTraceRecords(report: RolloutGateReport, t0: number, replayToken: Uint8Array): TraceRecord[] {
  const stages = report.stages.length;
  return [
    ...report.stages.map((s, i) => ({
      record_type: 'iter' as const,
      t: t0 + i,
      replay_token: replayToken,
      stage: `canary_${s.cohort_percent}`,
      action: 'rollout_gate',
      gate_result: s.verdict,
    })),
    {
      record_type: 'iter' as const,
      t: t0 + stages,
      replay_token: replayToken,
      stage: 'gate',
      action: 'verdict',
      gate_result: report.verdict,
    },
    // A failed gate halts the rollout: each fired trigger is an error the rollback answers.
    ...report.rollback_triggers
      .filter((r) => r.fired)
      .map((r, i) =>
        errorTraceRecord(
          'ROLLOUT_HALTED',
          `${report.environment}: rollback trigger ${r.trigger}: ${r.details.join('; ')}`,
          { t: t0 + stages + 1 + i, failure_operator: ROLLOUT_GATE_OPERATOR, replay_token: replayToken },
          { trigger: r.trigger },
        ),
      ),
  ];
}
