// The rule for every file a command writes where a flag says (`--out`, `--sbom-path`, …): an
// existing file outside the state directory is replaced only with --force (FILE_EXISTS names the
// path and the flag), and nothing inside the state directory is ever written through such a
// flag (OUTPUT_IN_STATE_DIR): state.json, the WAL, objects and pointers change only through
// the store. Paths are compared after resolving links in the directories above them. Files a
// command names itself inside an output directory (`--output-dir`) follow the same rule, except
// that a file already holding exactly the bytes to be written is left as it is, so a re-run that
// produces the same release or deliverable needs no --force.
import type { Stats } from 'node:fs';
import { lstat, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RollgateError } from '../core/errors.js';
import { readFailed } from './fs-error.js';

export interface OutputFlag {
  /** The path as the user gave it. */
  readonly path: string;
  /** The flag that gave it, e.g. `--out`: named in the refusal. */
  readonly flag: string;
  readonly stateDir: string;
  readonly force: boolean;
}

/** The path with every existing directory above it resolved (the last part itself is not followed). */
async function canonical(path: string): Promise<string> {
  const abs = resolve(path);
  const parent = dirname(abs);
  if (parent === abs) return abs;
  try {
    return join(await realpath(parent), basename(abs));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return abs;
    return join(await canonical(parent), basename(abs));
  }
}

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/** The output path resolved, refused inside the state directory or as a directory, with what exists there. */
async function outputTarget(target: OutputFlag): Promise<{ abs: string; existing: Stats | null }> {
  const abs = resolve(target.path);
  const out = await canonical(abs);
  let state = await canonical(target.stateDir);
  state = await realpath(state).catch(() => state);
  if (isInside(out, state) || isInside(abs, resolve(target.stateDir))) {
    throw new RollgateError(
      'OUTPUT_IN_STATE_DIR',
      `${target.flag} ${target.path}: is inside the state directory ${target.stateDir}, whose files are never written through an output flag`,
      { diagnostics: { path: target.path, flag: target.flag, state_dir: target.stateDir } },
    );
  }
  let existing: Stats;
  try {
    existing = await lstat(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { abs, existing: null };
    throw readFailed(target.path, error);
  }
  if (existing.isDirectory()) {
    throw new RollgateError('INPUT_INVALID', `${target.flag} ${target.path}: is a directory; name the file to write`, {
      diagnostics: { path: target.path, flag: target.flag },
    });
  }
  return { abs, existing };
}

function refuseExisting(target: OutputFlag): never {
  throw new RollgateError(
    'FILE_EXISTS',
    `${target.flag} ${target.path}: already exists and is not replaced; pass --force to replace it`,
    { diagnostics: { path: target.path, flag: target.flag } },
  );
}

/** Checks an output path against the rule and returns it resolved; throws the coded refusal. */
export async function checkOutputPath(target: OutputFlag): Promise<string> {
  const { abs, existing } = await outputTarget(target);
  if (existing && !target.force) refuseExisting(target);
  return abs;
}

/**
 * Checks a file about to be written into an output directory with `bytes`: false when it
 * already holds exactly those bytes (nothing to write), true when it is to be written; throws
 * the coded refusal for a file with other bytes (without force) or inside the state directory.
 */
export async function checkOutputFile(target: OutputFlag, bytes: Uint8Array): Promise<boolean> {
  const { abs, existing } = await outputTarget(target);
  if (!existing) return true;
  if (existing.isFile() && existing.size === bytes.length) {
    const held = await readFile(abs).catch((error: unknown) => {
      throw readFailed(target.path, error);
    });
    if (Buffer.compare(held, bytes) === 0) return false;
  }
  if (!target.force) refuseExisting(target);
  return true;
}

/** The help text of the --force flag of a command whose output flags follow the rule above. */
export const FORCE_HELP = 'replace an existing file at the output path (never one inside the state directory)';
