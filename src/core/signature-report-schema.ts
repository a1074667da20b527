// The schema of a SignatureReport as it is stored inside other evidence (a preflight report, an
// evidence report): the readers of those kinds check it with this one schema.
import { Type } from '@sinclair/typebox';
import { Count, ErrorCodeSchema, Exact, OneOf } from './evidence-reader.js';
import { KEY_ROLES } from './trust-store.js';

export const SignatureReportSchema = Exact({
  role: OneOf(KEY_ROLES),
  threshold: Count,
  verification_time_utc: Type.String(),
  valid_signers: Type.Array(Type.String()),
  signatures: Type.Array(
    Exact({
      key_id: Type.String(),
      counted: Type.Boolean(),
      codes: Type.Array(ErrorCodeSchema),
      reasons: Type.Array(Type.String()),
    }),
  ),
  verdict: OneOf(['pass', 'fail']),
  codes: Type.Array(ErrorCodeSchema),
});
