// The release manifest (DESIGN 7.1): a canonical, hash-addressed description of what is
// deployed. release_hash = H("release_v1", manifest); signatures are detached, over the
// manifest's canonical bytes, and the manifest names its own kind (manifest_version) so a
// signature for anything else never verifies as a release.
import { Type } from '@sinclair/typebox';
import { compareText } from '../core/errors.js';
import { taggedHash } from '../core/digest.js';
import { Count, Digest32, evidenceReader, Exact, OneOf, type EvidenceReader } from '../core/evidence-reader.js';
import { HASH_TAGS } from '../core/hash-tags.js';
import type { PayloadKind } from '../core/signature-check.js';

export const MANIFEST_VERSION = 'rollgate.release/v1';
export const RELEASE_KIND: PayloadKind = { field: 'manifest_version', value: MANIFEST_VERSION };

export const ARTIFACT_KINDS = ['file', 'container_image', 'wasm'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export interface ReleaseArtifact {
  readonly name: string;
  readonly kind: ArtifactKind;
  /** SHA-256 of the bytes (file, wasm) or the image's manifest digest (container_image). */
  readonly sha256: Uint8Array;
  /** Bytes, for files and WASM modules; null for images (the registry holds them). */
  readonly size: number | null;
  /** For images: the repository the digest belongs to. */
  readonly reference: string | null;
}

/** The data/schema state a release needs, and which environment states it runs on. */
export interface CheckpointRequirement {
  readonly schema_id: string;
  readonly compatible_with: readonly string[];
}

export interface ReleaseManifest {
  readonly manifest_version: typeof MANIFEST_VERSION;
  readonly release_id: string;
  readonly source_commit: string;
  readonly artifacts: readonly ReleaseArtifact[];
  readonly config_hash: Uint8Array | null;
  readonly lockfile_hash: Uint8Array | null;
  readonly sbom_hash: Uint8Array | null;
  readonly toolchain_hash: Uint8Array | null;
  readonly checkpoint_requirement: CheckpointRequirement | null;
}

export function sortArtifacts(artifacts: readonly ReleaseArtifact[]): ReleaseArtifact[] {
  return [...artifacts].sort((a, b) => compareText(a.name, b.name) || compareText(a.kind, b.kind));
}

export function releaseHash(manifest: ReleaseManifest): Uint8Array {
  return taggedHash(HASH_TAGS.release_v1, manifest);
}

const NullableDigest = Type.Union([Digest32, Type.Null()]);

/** The manifest as stored (canonical CBOR, digests as bytes); release.json is its JSON form. */
export const ReleaseManifestSchema = Exact({
  manifest_version: Type.Literal(MANIFEST_VERSION),
  release_id: Type.String(),
  source_commit: Type.String(),
  artifacts: Type.Array(
    Exact({
      name: Type.String(),
      kind: OneOf(ARTIFACT_KINDS),
      sha256: Digest32,
      size: Type.Union([Count, Type.Null()]),
      reference: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  config_hash: NullableDigest,
  lockfile_hash: NullableDigest,
  sbom_hash: NullableDigest,
  toolchain_hash: NullableDigest,
  checkpoint_requirement: Type.Union([
    Exact({ schema_id: Type.String(), compatible_with: Type.Array(Type.String()) }),
    Type.Null(),
  ]),
});

/** The reader of stored release manifests (evidence type `release_manifest`). */
export const releaseManifestReader: EvidenceReader<ReleaseManifest> = evidenceReader(
  'release_manifest',
  ReleaseManifestSchema,
);
