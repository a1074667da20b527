// The rollback report of ExecuteRollback_v1 (DESIGN 8.3): what failed, what was restored and
// from where, what the deploy command did, and the health re-check it was judged on. Its
// canonical CBOR is stored as evidence (type `rollback_report`); rollback_report_hash names it.
import { Type } from '@sinclair/typebox';
import { Digest32, evidenceReader, Exact, OneOf, type EvidenceReader } from '../core/evidence-reader.js';

export const ROLLBACK_OPERATOR = 'UML_OS.Deploy.ExecuteRollback_v1';
export const ROLLBACK_REPORT_VERSION = 'rollgate.rollback-report/v1';

export interface RollbackReport {
  readonly report_version: typeof ROLLBACK_REPORT_VERSION;
  readonly operator: typeof ROLLBACK_OPERATOR;
  readonly environment: string;
  readonly reason: string;
  readonly failed_release_hash: string;
  readonly restored_release_hash: string;
  readonly restored_from: 'state.json history' | 'GitHub deployments';
  readonly deploy: {
    readonly command: string;
    readonly exit_code: number;
    readonly stdout: string;
    readonly stderr: string;
  };
  readonly metrics_snapshot_hash: Uint8Array;
  readonly gate_report_hash: Uint8Array;
  readonly health_verdict: 'pass' | 'fail';
  readonly verdict: 'restored' | 'failed';
  readonly completed_at_utc: string;
}

export const RollbackReportSchema = Exact({
  report_version: Type.Literal(ROLLBACK_REPORT_VERSION),
  operator: Type.Literal(ROLLBACK_OPERATOR),
  environment: Type.String(),
  reason: Type.String(),
  failed_release_hash: Type.String(),
  restored_release_hash: Type.String(),
  restored_from: OneOf(['state.json history', 'GitHub deployments']),
  deploy: Exact({ command: Type.String(), exit_code: Type.Integer(), stdout: Type.String(), stderr: Type.String() }),
  metrics_snapshot_hash: Digest32,
  gate_report_hash: Digest32,
  health_verdict: OneOf(['pass', 'fail']),
  verdict: OneOf(['restored', 'failed']),
  completed_at_utc: Type.String(),
});

export const rollbackReportReader: EvidenceReader<RollbackReport> = evidenceReader(
  'rollback_report',
  RollbackReportSchema,
);
