// `rollgate verify-certificate`: an ExecutionCertificate checked offline. Always: its signature
// at its signing instant, its validity (ended, at the latest, by its signer's window) at the
// instant of the check, the trust store and revocation bundle it binds against the files given
// (each checked against the config's pins). With a state holding its run: every value it binds
// derived again from that store, and EvidenceValidate replayed at the certificate's own instant.
import { resolve } from 'node:path';
import { formatDigest, sha256 } from '../core/digest.js';
import { equalBytes } from '../core/bytes.js';
import type { ErrorCode } from '../core/error-codes.js';
import { parseUtc } from '../core/utc-time.js';
import { loadConfigFile } from '../providers/config-file.js';
import { loadTrustInputs } from '../providers/trust-inputs.js';
import { approvedHeadOf, deriveCertificateValues } from '../promote/certificate-evidence.js';
import {
  certificateStanding,
  evidenceValidate,
  type Comparison,
  type EvidenceReport,
} from '../promote/evidence-validate.js';
import { certificateHash, decodeCertificate, type ExecutionCertificate } from '../promote/execution-certificate.js';
import type { SignatureFinding } from '../core/signature-check.js';
import { ObjectStore } from '../store/object-store.js';
import { readBytesRequired } from '../util/read-text.js';

export interface VerifyCertificateOptions {
  readonly workspace: string;
  readonly certificatePath: string;
  readonly trustStorePath: string;
  readonly revocationsPath?: string;
  readonly configPath: string;
  /** Epoch seconds: the instant validity is checked at. */
  readonly at: number;
  /** A state holding the certificate's run: promote's output, or the approved head. */
  readonly state?: Uint8Array;
  readonly stateDir: string;
}

export interface CertificateVerdict {
  readonly verdict: 'pass' | 'fail';
  readonly certificate: ExecutionCertificate;
  readonly certificate_hash: Uint8Array;
  readonly signatures: readonly SignatureFinding[];
  readonly validity: ReadonlyArray<{ readonly code: ErrorCode; readonly detail: string }>;
  /** Every value compared: the trust inputs always, every bound value with a state. */
  readonly comparisons: readonly Comparison[];
  /** EvidenceValidate replayed on the state, when one is given. */
  readonly evidence: EvidenceReport | null;
}

export async function verifyCertificateJob(options: VerifyCertificateOptions): Promise<CertificateVerdict> {
  const at = (p: string) => resolve(options.workspace, p);
  const config = await loadConfigFile(at(options.configPath));
  const certificate = decodeCertificate(
    await readBytesRequired(at(options.certificatePath), 'certificate', 'certificate'),
    options.certificatePath,
  );
  const trust = await loadTrustInputs(options.workspace, config.trust, {
    trustStorePath: options.trustStorePath,
    ...(options.revocationsPath ? { revocationsPath: options.revocationsPath } : {}),
  });
  const inputs = { trust_store: trust.trust_store, revocations: trust.revocations };
  const { signature, validity } = certificateStanding(certificate, inputs, options.at);
  const p = certificate.signed_payload;
  let evidence: EvidenceReport | null = null;
  if (options.state) {
    const store = new ObjectStore(at(options.stateDir));
    const approved = await approvedHeadOf(store, options.state);
    const derived = await deriveCertificateValues(store, approved, p.environment, trust);
    evidence = evidenceValidate({
      certificate,
      expected: derived.expected,
      run_id: derived.run.head.run_id,
      // A store does not record the repository: the certificate's own tenant.
      tenant_id: p.tenant_id,
      environment: p.environment,
      environments: config.environments,
      run: derived.run,
      ...inputs,
      // The promotion replayed at its own instant; validity at `at` is checked above.
      at: parseUtc(p.verification_time_utc, 'verification_time_utc'),
    });
  }
  const trustComparisons: Comparison[] = [
    ['trust_store_hash', p.trust_store_hash, sha256(trust.trust_store_bytes)] as const,
    ['revocation_bundle_hash', p.revocation_bundle_hash, sha256(trust.revocation_bytes)] as const,
  ].map(([field, bound, actual]) => ({
    field,
    certificate: formatDigest(bound),
    expected: formatDigest(actual),
    equal: equalBytes(bound, actual),
  }));
  const comparisons = evidence ? evidence.comparisons : trustComparisons;
  const ok =
    signature.verdict === 'pass' &&
    validity.length === 0 &&
    comparisons.every((c) => c.equal) &&
    (evidence === null || evidence.verdict === 'pass');
  return {
    verdict: ok ? 'pass' : 'fail',
    certificate,
    certificate_hash: certificateHash(certificate),
    signatures: signature.signatures,
    validity: validity.map(([code, detail]) => ({ code, detail })),
    comparisons,
    evidence,
  };
}
