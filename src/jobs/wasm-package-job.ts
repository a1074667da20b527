// Packages one WASM module (document 001 §8): validate and check compliance, write
// `<dir>/<blueprint>/<sha>.wasm` and `<sha>.manifest.json` atomically, and upsert the
// `wasm_deliverables` entry of state.json (keyed by blueprint and profile, other keys kept).
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareText, RollgateError } from '../core/errors.js';
import type { StateDocument } from '../store/state-document.js';
import { emptyState } from '../store/state-document.js';
import { buildDeliverable, sanitizeBlueprint } from '../wasm/deliverable.js';
import type { RuntimeProfile } from '../wasm/profiles.js';
import { checkOutputFile } from '../store/output-file.js';
import { utf8 } from '../core/bytes.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { storeLayout } from '../store/layout.js';
import { readState, writeState } from '../store/state-file.js';
import { readBytesIfPresent } from '../util/read-text.js';

export interface WasmPackageOptions {
  readonly modulePath: string;
  readonly blueprintId: string;
  readonly runtimeProfile: RuntimeProfile;
  readonly outputDir: string;
  readonly stateDir: string;
  readonly generatedUnixMs?: number;
  /** Replace a manifest with other bytes in the output directory (never one in the state directory). */
  readonly force?: boolean;
}

export async function wasmPackageJob(options: WasmPackageOptions) {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readBytesIfPresent(options.modulePath, 'wasm');
    if (bytes === undefined) throw Object.assign(new Error('absent'), { code: 'ENOENT' });
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    throw new RollgateError(
      'FILE_NOT_FOUND',
      `${options.modulePath}: cannot read the module (${(error as NodeJS.ErrnoException).code})`,
      { cause: error },
    );
  }
  const { manifest, compliance_reason_codes } = buildDeliverable(bytes, {
    blueprint_id: options.blueprintId,
    runtime_profile: options.runtimeProfile,
    source_module_path: options.modulePath,
    ...(options.generatedUnixMs === undefined ? {} : { generated_unix_ms: options.generatedUnixMs }),
  });
  const dir = join(options.outputDir, sanitizeBlueprint(options.blueprintId));
  const artifactPath = join(dir, manifest.artifact_path);
  const manifestPath = join(dir, `${manifest.artifact_sha256}.manifest.json`);
  const manifestBytes = utf8(`${JSON.stringify(manifest, null, 2)}\n`);
  // Both checked before either is written; the artifact is named by its hash, so an existing one
  // with other bytes is a damaged copy, refused like any other.
  const output = (path: string, content: Uint8Array) =>
    checkOutputFile({ path, flag: '--output-dir', stateDir: options.stateDir, force: options.force === true }, content);
  const writeArtifact = await output(artifactPath, bytes);
  const writeManifest = await output(manifestPath, manifestBytes);
  await mkdir(dir, { recursive: true });
  if (writeArtifact) await writeFileAtomic(artifactPath, bytes);
  if (writeManifest) await writeFileAtomic(manifestPath, manifestBytes);
  await mkdir(options.stateDir, { recursive: true });
  const state: StateDocument = (await readState(options.stateDir)) ?? emptyState();
  const entry = {
    schema_version: 1,
    blueprint_id: manifest.blueprint_id,
    deploy_target: 'wasm',
    runtime_profile: manifest.runtime_profile,
    constraint_profile_id: manifest.runtime_constraints.profile_id,
    required_abi: manifest.runtime_constraints.required_abi,
    required_feature_gates: manifest.runtime_constraints.required_feature_gates,
    artifact_path: resolve(artifactPath),
    artifact_sha256: manifest.artifact_sha256,
    artifact_size_bytes: manifest.artifact_size_bytes,
    manifest_path: resolve(manifestPath),
    ...(manifest.generated_unix_ms === undefined ? {} : { generated_unix_ms: manifest.generated_unix_ms }),
  };
  const others = (
    Array.isArray(state.wasm_deliverables) ? (state.wasm_deliverables as Array<Record<string, unknown>>) : []
  ).filter((d) => !(d.blueprint_id === entry.blueprint_id && d.runtime_profile === entry.runtime_profile));
  const deliverables = [...others, entry].sort(
    (a, b) =>
      compareText(String(a.blueprint_id), String(b.blueprint_id)) ||
      compareText(String(a.runtime_profile), String(b.runtime_profile)),
  );
  await writeState(options.stateDir, { ...state, wasm_deliverables: deliverables });
  return {
    report: {
      blueprint_id: manifest.blueprint_id,
      runtime_profile: manifest.runtime_profile,
      source_module_path: manifest.source_module_path,
      artifact_path: resolve(artifactPath),
      artifact_sha256: manifest.artifact_sha256,
      artifact_size_bytes: manifest.artifact_size_bytes,
      manifest_path: resolve(manifestPath),
      state_path: resolve(storeLayout(options.stateDir).stateJson),
      state_updated: true,
      capability_constraints: manifest.capability_constraints,
      constraint_profile_id: manifest.runtime_constraints.profile_id,
      compliance_reason_codes,
    },
    artifact_path: artifactPath,
  };
}
