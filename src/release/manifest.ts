// The release manifest (DESIGN 7.1): a canonical, hash-addressed description of what is
// deployed. release_hash = H("release_v1", manifest); signatures are detached, over the
// manifest's canonical bytes, and the manifest names its own kind (manifest_version) so a
// signature for anything else never verifies as a release.
import { compareText } from '../core/errors.js';
import { taggedHash } from '../core/digest.js';
import { HASH_TAGS } from '../core/hash-tags.js';
import type { PayloadKind } from '../core/signature-check.js';

export const MANIFEST_VERSION = 'rollgate.release/v1';
export const RELEASE_KIND: PayloadKind = { field: 'manifest_version', value: MANIFEST_VERSION };

export type ArtifactKind = 'file' | 'container_image' | 'wasm';

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
