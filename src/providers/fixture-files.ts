// The files a contract-runner cycle reads (DESIGN 8.5): the fixture, and each case's WASM
// manifest with its artifact, all bounded reads that end in a coded error or, for a manifest,
// document 001's invalid answer, never an exhausted heap.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RollgateError } from '../core/errors.js';
import type { LoadedManifest } from '../runtime/evaluate-case.js';
import { readBytesIfPresent, readTextIfPresent } from '../util/read-text.js';
import { inspectDeliverable } from '../wasm/deliverable.js';

export async function readFixtureText(path: string): Promise<string> {
  try {
    if (!(await stat(path)).isFile()) throw new RollgateError('FILE_NOT_FOUND', `${path}: the fixture is not a file`);
    // Bounded (READ_LIMITS.fixture): over it is INPUT_TOO_LARGE naming the file.
    const text = await readTextIfPresent(path, 'fixture');
    if (text === undefined) throw new RollgateError('FILE_NOT_FOUND', `${path}: the fixture is not a file`);
    return text;
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RollgateError(
      code === 'ENOENT' || code === 'ENOTDIR' ? 'FILE_NOT_FOUND' : 'FILE_READ_FAILED',
      `${path}: cannot read the fixture (${code ?? String(error)})`,
      { diagnostics: { path }, cause: error },
    );
  }
}

/**
 * Loads a WASM manifest and its artifact (resolved against the manifest's directory) and
 * verifies them with the packaging code's checks. Any failure, or a non-compliant result, is
 * `ok: false`: the evaluator answers 400 invalid_wasm_manifest, as document 001 does. Both
 * reads are bounded (READ_LIMITS.fixture, READ_LIMITS.wasm), so a manifest naming a huge file
 * or a device is that same answer, not an exhausted heap: the artifact is read whole because
 * inspection parses its imports as well as hashing it, and no profile allows one near the bound.
 */
export async function loadManifestFile(path: string, cwd: string): Promise<LoadedManifest> {
  const file = resolve(cwd, path);
  try {
    const text = await readTextIfPresent(file, 'fixture');
    if (text === undefined) return { ok: false };
    const raw = JSON.parse(text) as { artifact_path?: unknown };
    if (typeof raw.artifact_path !== 'string') return { ok: false };
    const artifact = await readBytesIfPresent(resolve(dirname(file), raw.artifact_path), 'wasm');
    if (artifact === undefined) return { ok: false };
    const inspection = inspectDeliverable(text, file, artifact);
    if (!inspection.compliant) return { ok: false };
    const m = inspection.manifest;
    return {
      ok: true,
      runtime_profile: m.runtime_profile,
      artifact_path: m.artifact_path,
      artifact_sha256: m.artifact_sha256,
      artifact_size_bytes: m.artifact_size_bytes,
      capability_constraints: m.capability_constraints,
    };
  } catch {
    return { ok: false };
  }
}
