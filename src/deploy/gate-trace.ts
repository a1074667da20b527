// Document 000 §7 trace records of a judged snapshot: one `iter` per health gate (stage, action,
// gate_result), then an `error` record per breached gate, so a breach stands in the trace
// before whatever ends the run (the rollback's run_end).
import { errorTraceRecord, type TraceRecord } from '../core/trace.js';
import { GATES_OPERATOR, type GateReport } from './health-gates.js';

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
