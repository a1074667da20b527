// The ExecutionCertificate (DESIGN 8.2, document 000 II.F): a signed payload binding every
// hash of the evidence a promotion rests on, `{signed_payload, key_id, signature}`, signed with
// Ed25519 over the payload's canonical CBOR by a `certificate`-role key. certificate_hash is
// its ObjectDigest. Verification happens at the payload's own verification_time_utc.
import { Type } from '@sinclair/typebox';
import { encodeCanonical } from '../core/cbor.js';
import { objectDigest } from '../core/digest.js';
import { keyIdOf, publicKeyOf, SIGNATURE_LENGTH, signPayload } from '../core/ed25519.js';
import { Digest32, evidenceReader, Exact, type EvidenceReader } from '../core/evidence-reader.js';

export const CERTIFICATE_VERSION = 'rollgate.execution-certificate/v1';

/** The bound hashes, in the order DESIGN 8.2 lists them: each is recomputed by EvidenceValidate. */
export const BOUND_HASH_FIELDS = [
  'release_hash',
  'replay_token',
  'manifest_hash',
  'trace_root_hash',
  'checkpoint_hash',
  'policy_bundle_hash',
  'lockfile_hash',
  'dependencies_lock_hash',
  'determinism_profile_hash',
  'operator_contracts_root_hash',
  'lineage_root_hash',
  'toolchain_hash',
  'sbom_hash',
  'gate_report_hash',
  'trust_store_hash',
  'revocation_bundle_hash',
] as const;
export type BoundHashField = (typeof BOUND_HASH_FIELDS)[number];

export type BoundHashes = Readonly<Record<BoundHashField, Uint8Array>>;

export interface SignedPayload extends BoundHashes {
  readonly certificate_version: typeof CERTIFICATE_VERSION;
  /** The repository (`owner/repo`) the run belongs to. */
  readonly tenant_id: string;
  readonly run_id: string;
  readonly environment: string;
  readonly signature_algorithm: 'ed25519';
  readonly verification_time_utc: string;
  readonly valid_until_utc: string;
  /**
   * The environment's checkpoint schema once this release runs there: the release's requirement,
   * else what the environment was at (null: none recorded). The next release's preflight compares
   * its requirement against it.
   */
  readonly checkpoint_schema: string | null;
}

export interface ExecutionCertificate {
  readonly signed_payload: SignedPayload;
  readonly key_id: string;
  readonly signature: Uint8Array;
}

export function issueCertificate(payload: SignedPayload, privateKey: Uint8Array): ExecutionCertificate {
  return {
    signed_payload: payload,
    key_id: keyIdOf(publicKeyOf(privateKey)),
    signature: signPayload(payload, privateKey),
  };
}

export function certificateHash(certificate: ExecutionCertificate): Uint8Array {
  return objectDigest(certificate);
}

export function encodeCertificate(certificate: ExecutionCertificate): Uint8Array {
  return encodeCanonical(certificate);
}

const BoundHashesSchema = Object.fromEntries(BOUND_HASH_FIELDS.map((f) => [f, Digest32])) as Record<
  BoundHashField,
  typeof Digest32
>;

export const ExecutionCertificateSchema = Exact({
  signed_payload: Exact({
    certificate_version: Type.Literal(CERTIFICATE_VERSION),
    tenant_id: Type.String(),
    run_id: Type.String(),
    environment: Type.String(),
    signature_algorithm: Type.Literal('ed25519'),
    verification_time_utc: Type.String(),
    valid_until_utc: Type.String(),
    checkpoint_schema: Type.Union([Type.String(), Type.Null()]),
    ...BoundHashesSchema,
  }),
  key_id: Type.String(),
  signature: Type.Uint8Array({ minByteLength: SIGNATURE_LENGTH, maxByteLength: SIGNATURE_LENGTH }),
});

/** The reader of certificates (evidence type `execution_certificate`, or a certificate file). */
export const certificateReader: EvidenceReader<ExecutionCertificate> = evidenceReader(
  'execution_certificate',
  ExecutionCertificateSchema,
  { code: 'CERTIFICATE_INVALID' },
);

/** Decodes a certificate's canonical CBOR strictly: exactly its fields, each of its type. */
export function decodeCertificate(bytes: Uint8Array, where: string): ExecutionCertificate {
  return certificateReader.read(bytes, { object_id: where });
}
