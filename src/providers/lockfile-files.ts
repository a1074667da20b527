// Finding and reading lockfiles: globs resolved against the workspace (sorted, so the same
// tree always gives the same list), formats recognised by file name, base versions read with
// `git show <ref>:<path>`.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { glob } from 'tinyglobby';
import { RollgateError, compareText } from '../core/errors.js';
import type { LockFormat } from '../lock/model.js';

const run = promisify(execFile);

export function detectFormat(path: string): LockFormat {
  const name = basename(path);
  const posix = path.replace(/\\/g, '/');
  if (name === 'uv.lock' || name.endsWith('.uv.lock')) return 'uv.lock';
  if (name === 'poetry.lock' || name.endsWith('.poetry.lock')) return 'poetry.lock';
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json' || name.endsWith('.package-lock.json'))
    return 'package-lock.json';
  if (name === 'pnpm-lock.yaml' || name.endsWith('.pnpm-lock.yaml')) return 'pnpm-lock.yaml';
  if (name === 'yarn.lock' || name.endsWith('.yarn.lock')) return 'yarn.lock';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(posix) || name === 'action.yml' || name === 'action.yaml')
    return 'workflow';
  if (/\.txt$/.test(name) && /requirements|constraints|lock/i.test(posix)) return 'requirements.txt';
  if (/\.(ya?ml)$/.test(name) && /workflow/i.test(posix)) return 'workflow';
  throw new RollgateError('LOCK_FORMAT_UNKNOWN', `${path}: cannot tell which lockfile format this is from its name`);
}

/** Paths relative to the workspace, POSIX separators, sorted; a pattern matching nothing is an error. */
export async function resolveLockfiles(patterns: readonly string[], workspace: string): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const matches = await glob(pattern, {
      cwd: workspace,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      ignore: ['**/node_modules/**'],
    });
    if (matches.length === 0)
      throw new RollgateError(
        'FILE_NOT_FOUND',
        `lockfile pattern ${JSON.stringify(pattern)} matches no file under ${workspace}`,
      );
    for (const m of matches) found.add(relative(workspace, resolve(workspace, m)).replace(/\\/g, '/'));
  }
  return [...found].sort(compareText);
}

export async function readWorkspaceFile(workspace: string, path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(workspace, path)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RollgateError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_READ_FAILED',
      `${path}: cannot read (${code})`,
      { cause: error },
    );
  }
}

/** The file at a git ref, or undefined when it does not exist there (a lockfile the change adds). */
export async function readAtRef(workspace: string, ref: string, path: string): Promise<Uint8Array | undefined> {
  if (!/^[A-Za-z0-9._/@^~-]+$/.test(ref) || ref.startsWith('-'))
    throw new RollgateError('INPUT_INVALID', `base ref ${JSON.stringify(ref)} is not a plain git ref`);
  try {
    const { stdout } = await run('git', ['show', `${ref}:${path}`], {
      cwd: workspace,
      encoding: 'buffer',
      maxBuffer: 256 * 1024 * 1024,
    });
    return new Uint8Array(stdout);
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    if (/does not exist|exists on disk, but not in/.test(stderr)) return undefined;
    throw new RollgateError(
      'INPUT_INVALID',
      `git show ${ref}:${path} failed: ${stderr.trim().split('\n')[0] ?? (error as Error).message} (fetch the base ref, e.g. actions/checkout with fetch-depth: 0)`,
      { cause: error },
    );
  }
}
