// The rule for every file a command writes where a flag says (`--out`, `--sbom-path`, …): an
// existing file outside the state directory is replaced only with --force (FILE_EXISTS names the
// path and the flag), and nothing inside the state directory is ever written through such a
// flag (OUTPUT_IN_STATE_DIR): state.json, the WAL, objects and pointers change only through
// the store. Paths are compared after resolving links in the directories above them.
import { lstat, realpath } from 'node:fs/promises';
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

/** Checks an output path against the rule and returns it resolved; throws the coded refusal. */
export async function checkOutputPath(target: OutputFlag): Promise<string> {
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
  let stats;
  try {
    stats = await lstat(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return abs;
    throw readFailed(target.path, error);
  }
  if (stats.isDirectory()) {
    throw new RollgateError('INPUT_INVALID', `${target.flag} ${target.path}: is a directory; name the file to write`, {
      diagnostics: { path: target.path, flag: target.flag },
    });
  }
  if (!target.force) {
    throw new RollgateError(
      'FILE_EXISTS',
      `${target.flag} ${target.path}: already exists and is not replaced; pass --force to replace it`,
      { diagnostics: { path: target.path, flag: target.flag } },
    );
  }
  return abs;
}

/** The help text of the --force flag of a command whose output flags follow the rule above. */
export const FORCE_HELP = 'replace an existing file at the output path (never one inside the state directory)';
