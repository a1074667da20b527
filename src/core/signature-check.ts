// Verifies a signed payload against the trust store at a given instant (DESIGN 4.3) and
// reports every signature and why it counted or not. Time is an argument: a replay verifies
// at the same instant as the original run.
import { encodeCanonical } from './cbor.js';
import { verifyBytes } from './ed25519.js';
import type { ErrorCode } from './error-codes.js';
import { RollgateError } from './errors.js';
import { rotationPayload } from './key-rotation.js';
import type { KeyRole, RevocationBundle, SignatureEntry, TrustStore, TrustedKey } from './trust-store.js';
import { SECONDS_PER_DAY, formatUtc } from './utc-time.js';

export interface SignatureFinding {
  readonly key_id: string;
  readonly counted: boolean;
  /** Empty when the signature counted; otherwise every reason it did not, in check order. */
  readonly codes: readonly ErrorCode[];
  readonly reasons: readonly string[];
}

export interface SignatureReport {
  readonly role: KeyRole;
  readonly threshold: number;
  readonly verification_time_utc: string;
  readonly valid_signers: readonly string[];
  readonly signatures: readonly SignatureFinding[];
  readonly verdict: 'pass' | 'fail';
  /** Every distinct code found, sorted, including SIGNATURE_THRESHOLD_NOT_MET when short. */
  readonly codes: readonly ErrorCode[];
}

/** The type-and-version field every signed payload carries, so kinds never cross-verify. */
export interface PayloadKind {
  readonly field: string;
  readonly value: string;
}

export interface SignatureCheckInput {
  /** Any canonical value with the kind's field at its top level. */
  readonly payload: object;
  readonly kind: PayloadKind;
  readonly signatures: readonly SignatureEntry[];
  readonly role: KeyRole;
  readonly trustStore: TrustStore;
  readonly revocations: RevocationBundle;
  /** Epoch seconds. */
  readonly at: number;
}

/** The valid rotation records, keyed by the key they retire. Invalid ones are reported. */
export function validRotations(trustStore: TrustStore): Map<string, number> {
  const retired = new Map<string, number>();
  for (const record of trustStore.rotations) {
    if (rotationProblem(record, trustStore) === undefined) {
      const earlier = retired.get(record.old_key_id);
      if (earlier === undefined || record.rotated_at < earlier) retired.set(record.old_key_id, record.rotated_at);
    }
  }
  return retired;
}

/** Why a rotation record does not hold, or undefined when it does. */
export function rotationProblem(record: TrustStore['rotations'][number], trustStore: TrustStore): string | undefined {
  const oldKey = trustStore.keys.get(record.old_key_id);
  const newKey = trustStore.keys.get(record.new_key_id);
  if (!oldKey || !newKey) return 'names a key that is not in the trust store';
  if (oldKey.key_id === newKey.key_id) return 'retires a key in favour of itself';
  const message = encodeCanonical(rotationPayload(record));
  const signers = new Set(record.signatures.map((s) => s.key_id));
  if (!signers.has(oldKey.key_id) || !signers.has(newKey.key_id)) return 'is not signed by both keys';
  for (const entry of record.signatures) {
    const key = trustStore.keys.get(entry.key_id)!;
    if (!verifyBytes(entry.signature, message, key.public_key)) return `has an invalid signature by ${entry.key_id}`;
  }
  return undefined;
}

/**
 * Whether a key may stand behind a signature of `role` at `at`: known, never revoked (a
 * compromised key can backdate what it signs), holding the role, inside its window. Rotation is
 * not part of it: a key rotated out later still stands behind what it signed before.
 */
export function signerStanding(
  keyId: string,
  role: KeyRole,
  trust: { readonly trustStore: TrustStore; readonly revocations: RevocationBundle },
  at: number,
): Array<[ErrorCode, string]> {
  const key = trust.trustStore.keys.get(keyId);
  if (!key) return [['KEY_UNKNOWN', 'not in the trust store']];
  const problems: Array<[ErrorCode, string]> = [];
  const revocation = trust.revocations.revocations.get(key.key_id);
  if (revocation)
    problems.push(['KEY_REVOKED', `revoked at ${formatUtc(revocation.revoked_at)}: ${revocation.reason}`]);
  if (!key.roles.includes(role)) problems.push(['KEY_WRONG_ROLE', `holds ${key.roles.join(', ')}, not ${role}`]);
  if (at < key.not_before || at > key.not_after) {
    problems.push([
      'KEY_OUTSIDE_WINDOW',
      `valid ${formatUtc(key.not_before)} to ${formatUtc(key.not_after)}, verified at ${formatUtc(at)}`,
    ]);
  }
  return problems;
}

function keyProblems(
  key: TrustedKey,
  input: SignatureCheckInput,
  retired: ReadonlyMap<string, number>,
): Array<[ErrorCode, string]> {
  const problems = signerStanding(key.key_id, input.role, input, input.at);
  const retiredAt = retired.get(key.key_id);
  if (retiredAt !== undefined && input.at >= retiredAt) {
    problems.push(['KEY_SUPERSEDED', `rotated out at ${formatUtc(retiredAt)}`]);
  } else if (retiredAt === undefined && input.at - key.not_before > key.rotation_max_age_days * SECONDS_PER_DAY) {
    problems.push([
      'KEY_ROTATION_OVERDUE',
      `older than rotation_max_age_days (${key.rotation_max_age_days}) and no rotation record retires it`,
    ]);
  }
  return problems;
}

export function checkSignatures(input: SignatureCheckInput): SignatureReport {
  const message = encodeCanonical(input.payload);
  const retired = validRotations(input.trustStore);
  const threshold = input.trustStore.thresholds[input.role];
  const counted = new Set<string>();
  const findings: SignatureFinding[] = [];
  for (const entry of input.signatures) {
    const key = input.trustStore.keys.get(entry.key_id);
    const problems: Array<[ErrorCode, string]> = [];
    if (!key) {
      problems.push(['KEY_UNKNOWN', 'not in the trust store']);
    } else {
      problems.push(...keyProblems(key, input, retired));
      if (!verifyBytes(entry.signature, message, key.public_key))
        problems.push(['SIGNATURE_INVALID', 'does not verify over the payload']);
    }
    if (problems.length === 0 && counted.has(entry.key_id)) problems.push(['SIGNER_DUPLICATE', 'already counted once']);
    if (problems.length === 0) counted.add(entry.key_id);
    findings.push({
      key_id: entry.key_id,
      counted: problems.length === 0,
      codes: problems.map(([code]) => code),
      reasons: problems.map(([, reason]) => reason),
    });
  }
  const codes = new Set<ErrorCode>(findings.flatMap((f) => f.codes));
  const kindMatches = (input.payload as Readonly<Record<string, unknown>>)[input.kind.field] === input.kind.value;
  if (!kindMatches) codes.add('PAYLOAD_TYPE_MISMATCH');
  if (counted.size < threshold) codes.add('SIGNATURE_THRESHOLD_NOT_MET');
  const pass = kindMatches && counted.size >= threshold;
  return {
    role: input.role,
    threshold,
    verification_time_utc: formatUtc(input.at),
    valid_signers: [...counted].sort(),
    signatures: findings,
    verdict: pass ? 'pass' : 'fail',
    codes: [...codes].sort(),
  };
}

/**
 * Every refusal in a report as (code, reason) pairs, each said once: one per key and code, then
 * the payload kind and the threshold shortfall. `kind` names what was signed, for the message.
 */
export function signatureProblems(report: SignatureReport, kind: string): Array<[ErrorCode, string]> {
  const problems: Array<[ErrorCode, string]> = report.signatures.flatMap((s) =>
    s.codes.map((code, i): [ErrorCode, string] => [code, `${s.key_id}: ${s.reasons[i]}`]),
  );
  if (report.codes.includes('PAYLOAD_TYPE_MISMATCH'))
    problems.push(['PAYLOAD_TYPE_MISMATCH', `the signed payload is not ${kind}`]);
  if (report.codes.includes('SIGNATURE_THRESHOLD_NOT_MET'))
    problems.push([
      'SIGNATURE_THRESHOLD_NOT_MET',
      `${report.valid_signers.length} valid ${report.role} signature(s), ${report.threshold} required`,
    ]);
  return problems;
}

/** Throws a coded error when the report fails: the threshold code, naming each refusal. */
export function assertSignaturesPass(report: SignatureReport, what: string): void {
  if (report.verdict === 'pass') return;
  if (report.codes.includes('PAYLOAD_TYPE_MISMATCH')) {
    throw new RollgateError('PAYLOAD_TYPE_MISMATCH', `${what}: the signed payload is not of the expected kind`);
  }
  const refusals = report.signatures
    .filter((s) => !s.counted)
    .map((s) => `  ${s.key_id}: ${s.codes.map((c, i) => `${c} (${s.reasons[i]})`).join('; ')}`);
  throw new RollgateError(
    'SIGNATURE_THRESHOLD_NOT_MET',
    `${what}: ${report.valid_signers.length} valid ${report.role} signature(s), ${report.threshold} required` +
      (refusals.length > 0 ? `\n${refusals.join('\n')}` : ''),
    { diagnostics: { valid: report.valid_signers.length, threshold: report.threshold, codes: report.codes.join(',') } },
  );
}
