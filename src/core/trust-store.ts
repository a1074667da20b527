// The trust store and the revocation bundle (DESIGN 4.3): which keys may sign what, when,
// and which are revoked. Both are JSON documents (each key once per object), schema-validated,
// pinned by the SHA-256 of their bytes (what `rollgate hash` or sha256sum prints), and parsed
// here into typed values.
import { Type } from '@sinclair/typebox';
import { equalBytes, fromHex } from './bytes.js';
import { formatDigest, sha256 } from './digest.js';
import { RollgateError } from './errors.js';
import { keyIdOf } from './ed25519.js';
import { schemaValidator, validateOrThrow } from './schema.js';
import { parseStrictJson } from './strict-json.js';
import { parseUtc } from './utc-time.js';

export const KEY_ROLES = ['release', 'certificate'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const TRUST_STORE_VERSION = 'rollgate.trust-store/v1';
export const REVOCATION_BUNDLE_VERSION = 'rollgate.revocation-bundle/v1';
export const ROTATION_VERSION = 'rollgate.key-rotation/v1';

const UtcText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$' });
const KeyIdText = Type.String({ pattern: '^ed25519:[0-9a-f]{32}$' });
const HexSignature = Type.String({ pattern: '^[0-9a-f]{128}$' });

export const SignatureEntrySchema = Type.Object(
  { key_id: KeyIdText, signature: HexSignature },
  { additionalProperties: false },
);

const TrustedKeySchema = Type.Object(
  {
    key_id: KeyIdText,
    public_key: Type.String({ pattern: '^[0-9a-f]{64}$', description: '32-byte Ed25519 public key, lowercase hex' }),
    roles: Type.Array(Type.Union(KEY_ROLES.map((r) => Type.Literal(r))), { minItems: 1, uniqueItems: true }),
    not_before: UtcText,
    not_after: UtcText,
    rotation_max_age_days: Type.Integer({ minimum: 1, default: 365 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const RotationRecordSchema = Type.Object(
  {
    old_key_id: KeyIdText,
    new_key_id: KeyIdText,
    rotated_at: UtcText,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    signatures: Type.Array(SignatureEntrySchema, { minItems: 2, maxItems: 2 }),
  },
  { additionalProperties: false },
);

export const TrustStoreSchema = Type.Object(
  {
    trust_store_version: Type.Literal(TRUST_STORE_VERSION),
    keys: Type.Array(TrustedKeySchema, { maxItems: 1000 }),
    thresholds: Type.Object(
      { release: Type.Integer({ minimum: 1, default: 1 }), certificate: Type.Integer({ minimum: 1, default: 1 }) },
      { additionalProperties: false, default: {} },
    ),
    rotations: Type.Array(RotationRecordSchema, { default: [], maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const RevocationBundleSchema = Type.Object(
  {
    revocation_bundle_version: Type.Literal(REVOCATION_BUNDLE_VERSION),
    revocations: Type.Array(
      Type.Object(
        { key_id: KeyIdText, revoked_at: UtcText, reason: Type.String({ minLength: 1, maxLength: 500 }) },
        { additionalProperties: false },
      ),
      { maxItems: 10000 },
    ),
  },
  { additionalProperties: false },
);

export interface TrustedKey {
  readonly key_id: string;
  readonly public_key: Uint8Array;
  readonly roles: readonly KeyRole[];
  /** Epoch seconds, inclusive. */
  readonly not_before: number;
  /** Epoch seconds, inclusive. */
  readonly not_after: number;
  readonly rotation_max_age_days: number;
}

export interface SignatureEntry {
  readonly key_id: string;
  readonly signature: Uint8Array;
}

export interface RotationRecord {
  readonly old_key_id: string;
  readonly new_key_id: string;
  readonly rotated_at: number;
  readonly reason: string;
  readonly signatures: readonly SignatureEntry[];
}

export interface TrustStore {
  readonly keys: ReadonlyMap<string, TrustedKey>;
  readonly thresholds: Readonly<Record<KeyRole, number>>;
  readonly rotations: readonly RotationRecord[];
  /** SHA-256 of the document's bytes: the value the config pins. */
  readonly trust_store_hash: Uint8Array;
}

export interface Revocation {
  readonly key_id: string;
  readonly revoked_at: number;
  readonly reason: string;
}

export interface RevocationBundle {
  readonly revocations: ReadonlyMap<string, Revocation>;
  readonly revocation_bundle_hash: Uint8Array;
}

const validateTrustStore = schemaValidator(TrustStoreSchema);
const validateRevocationBundle = schemaValidator(RevocationBundleSchema);

export function parseSignatureEntry(entry: { key_id: string; signature: string }): SignatureEntry {
  return { key_id: entry.key_id, signature: fromHex(entry.signature) };
}

/** Parses trust store bytes; `where` names the file in every message. */
export function parseTrustStore(bytes: Uint8Array, where = 'trust store'): TrustStore {
  const doc = validateOrThrow(
    validateTrustStore,
    parseStrictJson(Buffer.from(bytes).toString('utf8'), 'TRUST_STORE_INVALID', where),
    'TRUST_STORE_INVALID',
    where,
  );
  const keys = new Map<string, TrustedKey>();
  for (const [index, key] of doc.keys.entries()) {
    const at = `${where}: /keys/${index}`;
    const publicKey = fromHex(key.public_key);
    if (keyIdOf(publicKey) !== key.key_id) {
      throw new RollgateError(
        'TRUST_STORE_INVALID',
        `${at}: key_id ${key.key_id} does not match its public key (expected ${keyIdOf(publicKey)})`,
      );
    }
    if (keys.has(key.key_id))
      throw new RollgateError('TRUST_STORE_INVALID', `${at}: key_id ${key.key_id} is listed twice`);
    const notBefore = parseUtc(key.not_before, `${at}/not_before`);
    const notAfter = parseUtc(key.not_after, `${at}/not_after`);
    if (notAfter < notBefore) throw new RollgateError('TRUST_STORE_INVALID', `${at}: not_after is before not_before`);
    keys.set(key.key_id, {
      key_id: key.key_id,
      public_key: publicKey,
      roles: key.roles,
      not_before: notBefore,
      not_after: notAfter,
      rotation_max_age_days: key.rotation_max_age_days,
    });
  }
  const rotations = doc.rotations.map((r, index) => ({
    old_key_id: r.old_key_id,
    new_key_id: r.new_key_id,
    rotated_at: parseUtc(r.rotated_at, `${where}: /rotations/${index}/rotated_at`),
    reason: r.reason,
    signatures: r.signatures.map(parseSignatureEntry),
  }));
  return { keys, thresholds: doc.thresholds, rotations, trust_store_hash: sha256(bytes) };
}

export function parseRevocationBundle(bytes: Uint8Array, where = 'revocation bundle'): RevocationBundle {
  const doc = validateOrThrow(
    validateRevocationBundle,
    parseStrictJson(Buffer.from(bytes).toString('utf8'), 'REVOCATION_BUNDLE_INVALID', where),
    'REVOCATION_BUNDLE_INVALID',
    where,
  );
  const revocations = new Map<string, Revocation>();
  for (const [index, r] of doc.revocations.entries()) {
    const revokedAt = parseUtc(r.revoked_at, `${where}: /revocations/${index}/revoked_at`);
    const earlier = revocations.get(r.key_id);
    // A key revoked twice stays revoked from the earlier instant.
    if (!earlier || revokedAt < earlier.revoked_at) {
      revocations.set(r.key_id, { key_id: r.key_id, revoked_at: revokedAt, reason: r.reason });
    }
  }
  return { revocations, revocation_bundle_hash: sha256(bytes) };
}

/** Refuses bytes whose SHA-256 differs from a pin; the message names both digests. */
export function assertPinned(
  bytes: Uint8Array,
  pinned: Uint8Array,
  code: 'TRUST_STORE_HASH_MISMATCH' | 'REVOCATION_BUNDLE_HASH_MISMATCH',
  where: string,
): void {
  const actual = sha256(bytes);
  if (!equalBytes(actual, pinned)) {
    throw new RollgateError(
      code,
      `${where}: its hash ${formatDigest(actual)} differs from the pinned ${formatDigest(pinned)}`,
      {
        diagnostics: { actual: formatDigest(actual), pinned: formatDigest(pinned) },
      },
    );
  }
}
