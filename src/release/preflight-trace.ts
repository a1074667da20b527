// Document 000 §7 trace records of a preflight: run_header (release_hash, env), one iter per
// check (stage, action, gate_result), an error record per failing check, in logical steps from
// `t0` (the records the run already holds).
import { ERROR_CODES } from '../core/error-codes.js';
import type { TraceRecord } from '../core/trace.js';
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
  for (const check of report.checks.filter((c) => c.result === 'fail')) {
    for (const code of check.codes) {
      const spec = ERROR_CODES[code];
      records.push({
        record_type: 'error',
        t: t0 + records.length,
        replay_token: replayToken,
        code_id: code,
        numeric_code: spec.numeric_code,
        severity: spec.severity,
        subsystem: spec.subsystem,
        failure_operator: PREFLIGHT_OPERATOR,
        message: check.details.join('; '),
        retryable: spec.retryable,
        diagnostics: { check: check.check },
      });
    }
  }
  return records;
}
