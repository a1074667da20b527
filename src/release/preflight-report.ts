// The reader of stored preflight reports (evidence type `preflight_report`, one per
// environment): what a rollout and a promotion read of the preflight that admitted the release.
import { Type } from '@sinclair/typebox';
import {
  Digest32,
  ErrorCodeSchema,
  evidenceReader,
  Exact,
  OneOf,
  type EvidenceReader,
} from '../core/evidence-reader.js';
import { SignatureReportSchema } from '../core/signature-report-schema.js';
import { PREFLIGHT_CHECKS, PREFLIGHT_OPERATOR, type PreflightReport } from './preflight.js';

export const PreflightReportSchema = Exact({
  report_version: Type.Literal('rollgate.preflight-report/v1'),
  operator: Type.Literal(PREFLIGHT_OPERATOR),
  release_id: Type.String(),
  release_hash: Digest32,
  verification_time_utc: Type.String(),
  verdict: OneOf(['pass', 'fail']),
  checks: Type.Array(
    Exact({
      check: OneOf(PREFLIGHT_CHECKS),
      result: OneOf(['pass', 'fail']),
      codes: Type.Array(ErrorCodeSchema),
      details: Type.Array(Type.String()),
    }),
  ),
  signature_report: SignatureReportSchema,
  environment_checkpoint: Type.Union([Type.String(), Type.Null()]),
});

export const preflightReportReader: EvidenceReader<PreflightReport> = evidenceReader(
  'preflight_report',
  PreflightReportSchema,
);
