// release.json: the manifest as JSON (digests as `sha256:<hex>`), its release_hash, and the
// detached signatures. Reading one trusts nothing: the schema, the digests, unique artifact
// names, each JSON key once per object, and that release_hash recomputes from the manifest.
import { Type, type Static } from '@sinclair/typebox';
import { equalBytes, fromHex, toHex } from '../core/bytes.js';
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { stableJson } from '../core/json-view.js';
import { schemaValidator, validateOrThrow } from '../core/schema.js';
import { parseStrictJson } from '../core/strict-json.js';
import type { SignatureEntry } from '../core/trust-store.js';
import { MANIFEST_VERSION, releaseHash, sortArtifacts, type ReleaseManifest } from './manifest.js';

const Digest = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const NullableDigest = Type.Union([Digest, Type.Null()]);

export const ReleaseDocumentSchema = Type.Object(
  {
    manifest: Type.Object(
      {
        manifest_version: Type.Literal(MANIFEST_VERSION),
        release_id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$' }),
        source_commit: Type.String({ pattern: '^([0-9a-f]{40})?$' }),
        artifacts: Type.Array(
          Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 255 }),
              kind: Type.Union([Type.Literal('file'), Type.Literal('container_image'), Type.Literal('wasm')]),
              sha256: Digest,
              // Sizes are hashed as CBOR integers, which take a number only up to 2^53 - 1.
              size: Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
              reference: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
            },
            { additionalProperties: false },
          ),
          { maxItems: 10_000 },
        ),
        config_hash: NullableDigest,
        lockfile_hash: NullableDigest,
        sbom_hash: NullableDigest,
        toolchain_hash: NullableDigest,
        checkpoint_requirement: Type.Union([
          Type.Object(
            { schema_id: Type.String({ minLength: 1 }), compatible_with: Type.Array(Type.String({ minLength: 1 })) },
            { additionalProperties: false },
          ),
          Type.Null(),
        ]),
      },
      { additionalProperties: false },
    ),
    release_hash: Digest,
    signatures: Type.Array(
      Type.Object(
        {
          key_id: Type.String({ pattern: '^ed25519:[0-9a-f]{32}$' }),
          signature: Type.String({ pattern: '^[0-9a-f]{128}$' }),
        },
        { additionalProperties: false },
      ),
      {
        maxItems: 100,
      },
    ),
  },
  { additionalProperties: false },
);
type ReleaseDocumentJson = Static<typeof ReleaseDocumentSchema>;

export interface ReleaseDocument {
  readonly manifest: ReleaseManifest;
  readonly release_hash: Uint8Array;
  readonly signatures: readonly SignatureEntry[];
}

const validateDocument = schemaValidator(ReleaseDocumentSchema);
const nullableDigest = (v: string | null, where: string) => (v === null ? null : parseDigest(v, where));

export function parseReleaseDocument(text: string, where: string): ReleaseDocument {
  const doc: ReleaseDocumentJson = validateOrThrow(
    validateDocument,
    parseStrictJson(text, 'RELEASE_INVALID', where),
    'RELEASE_INVALID',
    where,
  );
  const m = doc.manifest;
  const names = new Set<string>();
  for (const a of m.artifacts) {
    if (names.has(a.name))
      throw new RollgateError('RELEASE_INVALID', `${where}: artifact ${JSON.stringify(a.name)} is listed twice`);
    names.add(a.name);
    if ((a.kind === 'container_image') !== (a.size === null))
      throw new RollgateError(
        'RELEASE_INVALID',
        `${where}: artifact ${JSON.stringify(a.name)}: only images have no size`,
      );
  }
  const manifest: ReleaseManifest = {
    manifest_version: MANIFEST_VERSION,
    release_id: m.release_id,
    source_commit: m.source_commit,
    artifacts: sortArtifacts(
      m.artifacts.map((a) => ({
        name: a.name,
        kind: a.kind,
        sha256: parseDigest(a.sha256, where),
        size: a.size,
        reference: a.reference,
      })),
    ),
    config_hash: nullableDigest(m.config_hash, where),
    lockfile_hash: nullableDigest(m.lockfile_hash, where),
    sbom_hash: nullableDigest(m.sbom_hash, where),
    toolchain_hash: nullableDigest(m.toolchain_hash, where),
    checkpoint_requirement: m.checkpoint_requirement,
  };
  const claimed = parseDigest(doc.release_hash, where);
  const actual = releaseHash(manifest);
  if (!equalBytes(claimed, actual)) {
    throw new RollgateError(
      'RELEASE_HASH_MISMATCH',
      `${where}: release_hash ${doc.release_hash} does not recompute (${formatDigest(actual)})`,
    );
  }
  return {
    manifest,
    release_hash: actual,
    signatures: doc.signatures.map((s) => ({ key_id: s.key_id, signature: fromHex(s.signature) })),
  };
}

export function serializeReleaseDocument(doc: ReleaseDocument): string {
  return stableJson({
    manifest: doc.manifest,
    release_hash: doc.release_hash,
    signatures: doc.signatures.map((s) => ({ key_id: s.key_id, signature: toHex(s.signature) })),
  });
}
