// Document 000 §7 trace records of a preflight: run_header (release_hash, env), one iter per
// check (stage, action, gate_result), an error record per failed check and, when preflight
// fails, run_end `failed`; in logical steps from `t0` (the records the run already holds).
import { checkErrorRecords, type TraceRecord } from '../core/trace.js';
import { PREFLIGHT_OPERATOR, type PreflightReport } from './preflight.js';

export function preflightRecords(
  report: PreflightReport,
  environment: string,
  t0: number,
  replayToken: Uint8Array,
): TraceRecord[] {
  const records: TraceRecord[] = [
    {
      record_type: 'run_header',
      t: t0,
      replay_token: replayToken,
      release_hash: report.release_hash,
      env: environment,
    },
  ];
  for (const check of report.checks) {
    records.push({
      record_type: 'iter',
      t: t0 + records.length,
      replay_token: replayToken,
      stage: 'preflight',
      action: check.check,
      gate_result: check.result,
    });
  }
  records.push(...checkErrorRecords(report.checks, PREFLIGHT_OPERATOR, t0 + records.length, replayToken));
  // A failed preflight ends the run: nothing is deployed after it.
  if (report.verdict === 'fail')
    records.push({
      record_type: 'run_end',
      t: t0 + records.length,
      replay_token: replayToken,
      final_status: 'failed',
      release_hash: report.release_hash,
      env: environment,
    });
  return records;
}
