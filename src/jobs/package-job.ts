// One package step: hash the release's files, record its image digests, bind the config and
// the run's lock evidence, write release.json (signed when a key is given) and commit the
// manifest to the state store.
import { basename, relative, resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { digestFile, sha256 } from '../core/digest.js';
import { keyIdOf, publicKeyOf, signPayload } from '../core/ed25519.js';
import { RollgateError } from '../core/errors.js';
import {
  releaseHash,
  sortArtifacts,
  MANIFEST_VERSION,
  type CheckpointRequirement,
  type ReleaseArtifact,
  type ReleaseManifest,
} from '../release/manifest.js';
import { serializeReleaseDocument, type ReleaseDocument } from '../release/release-document.js';
import { checkOutputFile } from '../store/output-file.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { ObjectStore } from '../store/object-store.js';
import { readTextIfPresent } from '../util/read-text.js';
import { appendStep } from '../store/step-heads.js';
import { fromHex, utf8 } from '../core/bytes.js';
import { readLockEvidence } from '../lock/lock-evidence.js';
import { loadSigningKey, type KeySource } from '../providers/signing-key.js';

export interface PackageOptions {
  readonly workspace: string;
  readonly outputDir: string;
  readonly releaseId: string;
  readonly sourceCommit: string;
  readonly files: readonly string[];
  readonly images: readonly string[];
  readonly configPath: string;
  readonly checkpoint: CheckpointRequirement | null;
  readonly stateDir: string;
  readonly parent?: Uint8Array;
  readonly key?: KeySource;
  readonly env: NodeJS.ProcessEnv;
  /** Replace a release.json with other bytes in the output directory (never one in the state directory). */
  readonly force?: boolean;
}

const IMAGE_RE = /^(?<ref>[a-z0-9][a-z0-9._/:-]*)@sha256:(?<hex>[0-9a-f]{64})$/;

export async function packageJob(options: PackageOptions) {
  const artifacts: ReleaseArtifact[] = [];
  for (const file of options.files) {
    const path = resolve(options.workspace, file);
    const { digest, size } = await digestFile(path);
    artifacts.push({
      name: relative(options.workspace, path).replace(/\\/g, '/') || basename(path),
      kind: file.endsWith('.wasm') ? 'wasm' : 'file',
      sha256: digest,
      size,
      reference: null,
    });
  }
  for (const image of options.images) {
    const match = IMAGE_RE.exec(image);
    if (!match?.groups)
      throw new RollgateError(
        'INPUT_INVALID',
        `image ${JSON.stringify(image)} must be pinned as <repository>@sha256:<64 hex>`,
      );
    artifacts.push({
      name: match.groups.ref!,
      kind: 'container_image',
      sha256: fromHex(match.groups.hex!),
      size: null,
      reference: match.groups.ref!,
    });
  }
  const store = new ObjectStore(resolve(options.workspace, options.stateDir));
  const evidence = options.parent ? await readLockEvidence(store, options.parent) : undefined;
  const configText = await readTextIfPresent(resolve(options.workspace, options.configPath), 'config');
  const manifest: ReleaseManifest = {
    manifest_version: MANIFEST_VERSION,
    release_id: options.releaseId,
    source_commit: options.sourceCommit,
    artifacts: sortArtifacts(artifacts),
    config_hash: configText === undefined ? null : sha256(utf8(configText)),
    lockfile_hash: evidence?.lock_report?.lockfile_hash ?? null,
    sbom_hash: evidence?.lock_report?.sbom_hash ?? null,
    toolchain_hash: evidence?.lock_report?.toolchain_hash ?? null,
    checkpoint_requirement: options.checkpoint,
  };
  const hash = releaseHash(manifest);
  const signatures = [];
  if (options.key) {
    const privateKey = await loadSigningKey(options.key, options.env);
    signatures.push({ key_id: keyIdOf(publicKeyOf(privateKey)), signature: signPayload(manifest, privateKey) });
  }
  const document: ReleaseDocument = { manifest, release_hash: hash, signatures };
  const releasePath = resolve(options.workspace, options.outputDir, 'release.json');
  const bytes = utf8(serializeReleaseDocument(document));
  const write = await checkOutputFile(
    {
      path: releasePath,
      flag: '--output-dir',
      stateDir: resolve(options.workspace, options.stateDir),
      force: options.force === true,
    },
    bytes,
  );
  if (write) await writeFileAtomic(releasePath, bytes);
  const step = await appendStep(store, {
    run_id: evidence?.run_id ?? `release-${Buffer.from(hash).toString('hex').slice(0, 16)}`,
    parent: options.parent ?? null,
    operator: 'package',
    records: [],
    evidence: [{ object_type: 'release_manifest', object_id: manifest.release_id, bytes: encodeCanonical(manifest) }],
  });
  return { document, release_path: releasePath, head_hash: step.head_hash };
}
