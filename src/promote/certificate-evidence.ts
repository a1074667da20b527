// What a certificate must carry, derived again from a store and a state: the run's evidence read
// through the typed evidence readers and every bound hash recomputed from it. EvidenceValidate
// compares a certificate against this read, made after the certificate is issued and
// independent of the values the issuing code built it from; `verify-certificate --state` makes
// the same read from any store holding the run.
import { sha256 } from '../core/digest.js';
import type { ObjectReader } from '../store/step-heads.js';
import { verifyChain } from '../store/step-heads.js';
import type { BoundHashes } from './execution-certificate.js';
import { boundHashes, readRunEvidence, type RunEvidence } from './run-evidence.js';

export interface TrustBytes {
  readonly trust_store_bytes: Uint8Array;
  readonly revocation_bytes: Uint8Array;
}

export interface DerivedCertificateValues {
  readonly run: RunEvidence;
  readonly expected: BoundHashes;
}

/** The run's evidence at the approved head and the hashes a certificate for `environment` binds. */
export async function deriveCertificateValues(
  store: ObjectReader,
  approved: Uint8Array,
  environment: string,
  trust: TrustBytes,
): Promise<DerivedCertificateValues> {
  const run = await readRunEvidence(store, approved, environment);
  return {
    run,
    expected: boundHashes(run, {
      trust_store_hash: sha256(trust.trust_store_bytes),
      revocation_bundle_hash: sha256(trust.revocation_bytes),
    }),
  };
}

/**
 * The approved head a certificate was issued from, given the state promote output (the step
 * that stored the certificate, whose parent is the approved head) or the approved head itself.
 */
export async function approvedHeadOf(store: ObjectReader, state: Uint8Array): Promise<Uint8Array> {
  const chain = await verifyChain(store, state);
  const head = chain[chain.length - 1]!;
  return head.operator === 'certificate' && head.parent ? head.parent : state;
}
