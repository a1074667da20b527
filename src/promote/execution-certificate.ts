// The ExecutionCertificate (DESIGN 8.2, document 000 II.F): a signed payload binding every
// hash of the evidence a promotion rests on, `{signed_payload, key_id, signature}`, signed with
// Ed25519 over the payload's canonical CBOR by a `certificate`-role key. certificate_hash is
// its ObjectDigest. Verification happens at the payload's own verification_time_utc.
import { decodeCanonical, encodeCanonical } from '../core/cbor.js';
import { objectDigest } from '../core/digest.js';
import { keyIdOf, publicKeyOf, signPayload } from '../core/ed25519.js';
import { RollgateError } from '../core/errors.js';

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

const TEXT_FIELDS = ['tenant_id', 'run_id', 'environment', 'verification_time_utc', 'valid_until_utc'] as const;

/** Decodes a certificate's canonical CBOR strictly: exactly its fields, each of its type. */
export function decodeCertificate(bytes: Uint8Array, where: string): ExecutionCertificate {
  const invalid = (why: string) => new RollgateError('CERTIFICATE_INVALID', `${where}: ${why}`);
  let value: unknown;
  try {
    value = decodeCanonical(bytes);
  } catch (error) {
    throw invalid(`not canonical CBOR (${(error as Error).message})`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
  if (!isObject(value)) throw invalid('not a map');
  const keys = Object.keys(value).sort().join(',');
  if (keys !== 'key_id,signature,signed_payload') throw invalid(`unexpected fields ${keys}`);
  const { signed_payload: p, key_id, signature } = value;
  if (typeof key_id !== 'string' || !(signature instanceof Uint8Array) || signature.length !== 64)
    throw invalid('key_id must be text and signature 64 bytes');
  if (!isObject(p)) throw invalid('signed_payload is not a map');
  const expected = ['certificate_version', 'signature_algorithm', ...TEXT_FIELDS, ...BOUND_HASH_FIELDS].sort();
  if (Object.keys(p).sort().join(',') !== expected.join(','))
    throw invalid(`signed_payload fields differ from ${CERTIFICATE_VERSION}`);
  if (p.certificate_version !== CERTIFICATE_VERSION) throw invalid(`certificate_version is not ${CERTIFICATE_VERSION}`);
  if (p.signature_algorithm !== 'ed25519') throw invalid('signature_algorithm must be ed25519');
  for (const f of TEXT_FIELDS) if (typeof p[f] !== 'string') throw invalid(`${f} must be text`);
  for (const f of BOUND_HASH_FIELDS)
    if (!(p[f] instanceof Uint8Array) || p[f].length !== 32) throw invalid(`${f} must be a 32-byte hash`);
  return value as unknown as ExecutionCertificate;
}
