// The reader of stored EvidenceValidate reports (evidence type `evidence_report`, one per
// environment, written by promote whether it accepted or refused the certificate).
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
import { EVIDENCE_CHECKS, EVIDENCE_VALIDATE_OPERATOR, type EvidenceReport } from './evidence-validate.js';

export const EvidenceReportSchema = Exact({
  report_version: Type.Literal('rollgate.evidence-report/v1'),
  operator: Type.Literal(EVIDENCE_VALIDATE_OPERATOR),
  certificate_hash: Digest32,
  environment: Type.String(),
  validated_at_utc: Type.String(),
  comparisons: Type.Array(
    Exact({ field: Type.String(), certificate: Type.String(), expected: Type.String(), equal: Type.Boolean() }),
  ),
  checks: Type.Array(
    Exact({
      check: OneOf(EVIDENCE_CHECKS),
      result: OneOf(['pass', 'fail']),
      codes: Type.Array(ErrorCodeSchema),
      details: Type.Array(Type.String()),
    }),
  ),
  signature_report: SignatureReportSchema,
  verdict: OneOf(['pass', 'fail']),
});

export const evidenceReportReader: EvidenceReader<EvidenceReport> = evidenceReader(
  'evidence_report',
  EvidenceReportSchema,
);
