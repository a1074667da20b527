// UML_OS.Deploy.EvidenceValidate_v1 (DESIGN 8.2, document 000 II.F): a certificate is accepted
// only when every hash it binds equals the one recomputed from the approved state and inputs,
// its signer is a known, unrevoked, in-window `certificate` key with no rotation due, it is
// within its validity (which ends, at the latest, with its signer's window), the environment's
// gate passed for this release, and every environment before it in the promotion order holds a
// certificate for the same release_hash that still stands at the promotion instant (invariant
// I.E, proven by the state's own certificates, not by job order). Every comparison is reported,
// equal or not.
import { equalBytes } from '../core/bytes.js';
import { formatDigest } from '../core/digest.js';
import type { ErrorCode } from '../core/error-codes.js';
import { checkSignatures, signatureProblems, signerStanding, type SignatureReport } from '../core/signature-check.js';
import type { RevocationBundle, TrustStore } from '../core/trust-store.js';
import { formatUtc, parseUtc } from '../core/utc-time.js';
import {
  BOUND_HASH_FIELDS,
  CERTIFICATE_VERSION,
  certificateHash,
  type BoundHashes,
  type ExecutionCertificate,
} from './execution-certificate.js';
import type { RunEvidence } from './run-evidence.js';

export const EVIDENCE_VALIDATE_OPERATOR = 'UML_OS.Deploy.EvidenceValidate_v1';

export interface Comparison {
  readonly field: string;
  readonly certificate: string;
  readonly expected: string;
  readonly equal: boolean;
}

export const EVIDENCE_CHECKS = [
  'bound_hashes',
  'signature',
  'validity',
  'gate',
  'preflight',
  'promotion_order',
] as const;
export type EvidenceCheckName = (typeof EVIDENCE_CHECKS)[number];

export interface EvidenceCheck {
  readonly check: EvidenceCheckName;
  readonly result: 'pass' | 'fail';
  readonly codes: readonly ErrorCode[];
  readonly details: readonly string[];
}

export interface EvidenceReport {
  readonly report_version: 'rollgate.evidence-report/v1';
  readonly operator: typeof EVIDENCE_VALIDATE_OPERATOR;
  readonly certificate_hash: Uint8Array;
  readonly environment: string;
  readonly validated_at_utc: string;
  readonly comparisons: readonly Comparison[];
  readonly checks: readonly EvidenceCheck[];
  readonly signature_report: SignatureReport;
  readonly verdict: 'pass' | 'fail';
}

export interface EvidenceValidateInput {
  readonly certificate: ExecutionCertificate;
  /** The hashes recomputed from the approved state and inputs. */
  readonly expected: BoundHashes;
  readonly run_id: string;
  readonly tenant_id: string;
  readonly environment: string;
  /** Promotion order (config environments). */
  readonly environments: readonly string[];
  readonly run: Pick<
    RunEvidence,
    'release_hash' | 'gate' | 'preflight_verdict' | 'release_signers' | 'checkpoint_schema' | 'lock' | 'certificates'
  >;
  readonly trust_store: TrustStore;
  readonly revocations: RevocationBundle;
  /** Epoch seconds: now. */
  readonly at: number;
}

const CERTIFICATE_KIND = { field: 'certificate_version', value: CERTIFICATE_VERSION };

function check(name: EvidenceCheckName, problems: Array<[ErrorCode, string]>, ok: string): EvidenceCheck {
  return {
    check: name,
    result: problems.length === 0 ? 'pass' : 'fail',
    codes: [...new Set(problems.map(([c]) => c))].sort(),
    details: problems.length === 0 ? [ok] : problems.map(([, d]) => d),
  };
}

/** The certificate's signature checked against the trust store at `at`. */
export function certificateSignature(
  certificate: ExecutionCertificate,
  input: Pick<EvidenceValidateInput, 'trust_store' | 'revocations'>,
  at: number,
): SignatureReport {
  return checkSignatures({
    payload: certificate.signed_payload,
    kind: CERTIFICATE_KIND,
    signatures: [{ key_id: certificate.key_id, signature: certificate.signature }],
    role: 'certificate',
    trustStore: input.trust_store,
    revocations: input.revocations,
    at,
  });
}

/**
 * Whether `at` lies in the certificate's validity; signedAt is its verification time. A
 * certificate never outlives its signer: its validity ends at valid_until_utc or at the signer's
 * not_after (`signerNotAfter`, when the trust store knows the signer), whichever comes first.
 */
export function validityOf(
  p: ExecutionCertificate['signed_payload'],
  at: number,
  signerNotAfter?: number,
): { signedAt: number | undefined; problems: Array<[ErrorCode, string]> } {
  const problems: Array<[ErrorCode, string]> = [];
  let signedAt: number | undefined;
  let validUntil: number | undefined;
  try {
    signedAt = parseUtc(p.verification_time_utc, 'verification_time_utc');
    validUntil = parseUtc(p.valid_until_utc, 'valid_until_utc');
  } catch (error) {
    problems.push(['CERTIFICATE_INVALID', (error as Error).message]);
  }
  if (signedAt !== undefined && validUntil !== undefined) {
    if (validUntil < signedAt)
      problems.push(['CERTIFICATE_INVALID', 'valid_until_utc is before verification_time_utc']);
    else if (at < signedAt || at > validUntil)
      problems.push([
        'CERTIFICATE_EXPIRED',
        `valid ${p.verification_time_utc} to ${p.valid_until_utc}, checked at ${formatUtc(at)}`,
      ]);
    else if (signerNotAfter !== undefined && at > signerNotAfter)
      problems.push([
        'CERTIFICATE_EXPIRED',
        `valid ${p.verification_time_utc} to ${p.valid_until_utc}, but its signer's window ended ${formatUtc(signerNotAfter)}; checked at ${formatUtc(at)}`,
      ]);
  }
  return { signedAt, problems };
}

/**
 * A certificate's standing at `at`: its signature checked at its own signing instant, and its
 * validity (capped by its signer's window) at `at`. What verify-certificate reports, and what a
 * promotion asks of every earlier environment's certificate.
 */
export function certificateStanding(
  certificate: ExecutionCertificate,
  trust: Pick<EvidenceValidateInput, 'trust_store' | 'revocations'>,
  at: number,
): { signature: SignatureReport; validity: Array<[ErrorCode, string]> } {
  const signer = trust.trust_store.keys.get(certificate.key_id);
  const { signedAt, problems } = validityOf(certificate.signed_payload, at, signer?.not_after);
  // Verified at the payload's own signing instant (DESIGN 4.3): a replay verifies the same.
  return { signature: certificateSignature(certificate, trust, signedAt ?? at), validity: problems };
}

/**
 * The release signers preflight counted, checked again at the promotion instant (document 000
 * II.I): a signer revoked, or past its window, since preflight no longer counts, and fewer than
 * the release threshold blocks the promotion.
 */
function releaseSigners(input: EvidenceValidateInput): Array<[ErrorCode, string]> {
  const trust = { trustStore: input.trust_store, revocations: input.revocations };
  const problems: Array<[ErrorCode, string]> = [];
  let standing = 0;
  for (const keyId of input.run.release_signers) {
    const found = signerStanding(keyId, 'release', trust, input.at);
    for (const [code, reason] of found) problems.push([code, `release signer ${keyId}: ${reason}`]);
    if (found.length === 0) standing++;
  }
  const threshold = input.trust_store.thresholds.release;
  if (standing < threshold)
    problems.push([
      'SIGNATURE_THRESHOLD_NOT_MET',
      `${standing} release signer(s) still in standing at ${formatUtc(input.at)}, ${threshold} required`,
    ]);
  return problems;
}

/** Every earlier environment's certificate: present, for this release, and standing at `at`. */
function promotionOrder(input: EvidenceValidateInput, index: number): Array<[ErrorCode, string]> {
  const problems: Array<[ErrorCode, string]> = [];
  for (const before of input.environments.slice(0, index)) {
    const previous = input.run.certificates.get(before);
    if (!previous) {
      problems.push(['PROMOTION_ORDER_VIOLATED', `no certificate for ${before} in the state: promote ${before} first`]);
      continue;
    }
    if (!equalBytes(previous.certificate.signed_payload.release_hash, input.run.release_hash)) {
      problems.push(['PROMOTION_ORDER_VIOLATED', `${before} was promoted with another release_hash`]);
      continue;
    }
    const standing = certificateStanding(previous.certificate, input, input.at);
    for (const [code, detail] of [
      ...signatureProblems(standing.signature, 'an execution certificate'),
      ...standing.validity,
    ])
      problems.push([code, `the certificate of ${before}: ${detail}`]);
  }
  return problems;
}

export function evidenceValidate(input: EvidenceValidateInput): EvidenceReport {
  const p = input.certificate.signed_payload;
  const comparisons: Comparison[] = [
    ...(['environment', 'run_id', 'tenant_id'] as const).map((field) => ({
      field,
      certificate: p[field],
      expected: input[field],
      equal: p[field] === input[field],
    })),
    {
      field: 'checkpoint_schema',
      certificate: p.checkpoint_schema ?? 'none',
      expected: input.run.checkpoint_schema ?? 'none',
      equal: p.checkpoint_schema === input.run.checkpoint_schema,
    },
    ...BOUND_HASH_FIELDS.map((field) => ({
      field,
      certificate: formatDigest(p[field]),
      expected: formatDigest(input.expected[field]),
      equal: equalBytes(p[field], input.expected[field]),
    })),
  ];
  const unequal = comparisons.filter((c) => !c.equal);

  const { signature, validity } = certificateStanding(input.certificate, input, input.at);

  const gate: Array<[ErrorCode, string]> = [];
  const g = input.run.gate;
  if (!g) gate.push(['GATE_NOT_PASSED', `no rollout gate report for ${input.environment}`]);
  else if (g.report.verdict !== 'pass')
    gate.push(['GATE_NOT_PASSED', `the latest gate of ${input.environment} says ${g.report.verdict}`]);
  else if (!equalBytes(g.report.release_hash, input.run.release_hash))
    gate.push(['GATE_NOT_PASSED', `the gate judged ${formatDigest(g.report.release_hash)}, not this release`]);

  const preflight: Array<[ErrorCode, string]> = [];
  if (input.run.preflight_verdict !== 'pass')
    preflight.push([
      'TRACE_ARTIFACT_MISSING',
      input.run.preflight_verdict === undefined
        ? `no preflight report for ${input.environment}`
        : `preflight of ${input.environment} failed`,
    ]);
  else preflight.push(...releaseSigners(input));
  if (input.run.lock.lock_verdict !== 'pass') preflight.push(['LOCK_NOT_VERIFIED', 'lock-verify did not pass']);

  const index = input.environments.indexOf(input.environment);
  const order: Array<[ErrorCode, string]> =
    index < 0
      ? [['PROMOTION_ORDER_VIOLATED', `${input.environment} is not one of ${input.environments.join(', ')}`]]
      : promotionOrder(input, index);

  const checks: EvidenceCheck[] = [
    check(
      'bound_hashes',
      unequal.map((c): [ErrorCode, string] => [
        'EVIDENCE_HASH_MISMATCH',
        `${c.field}: certificate ${c.certificate}, recomputed ${c.expected}`,
      ]),
      `${comparisons.length} fields equal`,
    ),
    check(
      'signature',
      signatureProblems(signature, 'an execution certificate'),
      `signed by ${input.certificate.key_id}`,
    ),
    check('validity', validity, `valid ${p.verification_time_utc} to ${p.valid_until_utc}`),
    check('gate', gate, `the gate of ${input.environment} passed this release`),
    check(
      'preflight',
      preflight,
      `preflight and lock-verify passed; release signers in standing: ${input.run.release_signers.join(', ') || 'none required'}`,
    ),
    check('promotion_order', order, index > 0 ? `${input.environments[index - 1]} passed first` : 'first environment'),
  ];
  return {
    report_version: 'rollgate.evidence-report/v1',
    operator: EVIDENCE_VALIDATE_OPERATOR,
    certificate_hash: certificateHash(input.certificate),
    environment: input.environment,
    validated_at_utc: formatUtc(input.at),
    comparisons,
    checks,
    signature_report: signature,
    verdict: checks.every((c) => c.result === 'pass') ? 'pass' : 'fail',
  };
}
