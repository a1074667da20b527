// Finding and reading lockfiles: globs resolved against the workspace (sorted, so the same
// tree always gives the same list), formats recognised by file name, base versions read with
// `git show <ref>:<path>`. The registry configuration of an npm, pnpm or yarn lock (.npmrc
// beside it, .yarnrc.yml beside it and in the directories above it up to the workspace) joins
// the list without being named: it decides where those packages are fetched from.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename, posix, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { glob } from 'tinyglobby';
import { RollgateError, compareText } from '../core/errors.js';
import type { InputFormat } from '../lock/model.js';
import { READ_LIMITS, readBytesIfPresent } from '../util/read-text.js';

const run = promisify(execFile);

/** How long `git show <ref>:<path>` may take: a local object read, so a minute means a hung git. */
export const GIT_SHOW_TIMEOUT_MS = 60_000;

export function detectFormat(path: string): InputFormat {
  const name = basename(path);
  const slashed = path.replace(/\\/g, '/');
  if (name === '.npmrc') return '.npmrc';
  if (name === '.yarnrc.yml') return '.yarnrc.yml';
  if (name === 'uv.lock' || name.endsWith('.uv.lock')) return 'uv.lock';
  if (name === 'poetry.lock' || name.endsWith('.poetry.lock')) return 'poetry.lock';
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json' || name.endsWith('.package-lock.json'))
    return 'package-lock.json';
  if (name === 'pnpm-lock.yaml' || name.endsWith('.pnpm-lock.yaml')) return 'pnpm-lock.yaml';
  if (name === 'yarn.lock' || name.endsWith('.yarn.lock')) return 'yarn.lock';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(slashed) || name === 'action.yml' || name === 'action.yaml')
    return 'workflow';
  if (/\.txt$/.test(name) && /requirements|constraints|lock/i.test(slashed)) return 'requirements.txt';
  if (/\.(ya?ml)$/.test(name) && /workflow/i.test(slashed)) return 'workflow';
  throw new RollgateError('LOCK_FORMAT_UNKNOWN', `${path}: cannot tell which lockfile format this is from its name`);
}

async function isFile(workspace: string, path: string): Promise<boolean> {
  try {
    // Followed like npm and yarn follow it: a linked .npmrc is read as much as a plain one.
    return (await stat(resolve(workspace, path))).isFile();
  } catch {
    return false;
  }
}

function formatOf(path: string): InputFormat | undefined {
  try {
    return detectFormat(path);
  } catch {
    return undefined;
  }
}

/**
 * The registry configuration the installer of `lock` reads from the project: `.npmrc` in the
 * lock's directory for npm, pnpm and yarn (classic reads it), and for yarn `.yarnrc.yml` there
 * and in each directory above it up to the workspace (yarn merges them).
 */
export async function registryConfigFor(lock: string, workspace: string): Promise<string[]> {
  const format = formatOf(lock);
  if (format !== 'package-lock.json' && format !== 'pnpm-lock.yaml' && format !== 'yarn.lock') return [];
  const dir = posix.dirname(lock);
  const candidates = [posix.join(dir, '.npmrc')];
  for (let at = dir; format === 'yarn.lock'; at = posix.dirname(at)) {
    candidates.push(posix.join(at, '.yarnrc.yml'));
    if (at === '.' || at === '/' || at.startsWith('..')) break;
  }
  const found: string[] = [];
  for (const path of candidates) if (await isFile(workspace, path)) found.push(path);
  return found;
}

/**
 * Paths relative to the workspace, POSIX separators, sorted; a pattern matching nothing is an
 * error. The registry configuration of each npm, pnpm or yarn lock is added.
 */
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
  for (const lock of [...found]) for (const config of await registryConfigFor(lock, workspace)) found.add(config);
  return [...found].sort(compareText);
}

export async function readWorkspaceFile(workspace: string, path: string): Promise<Uint8Array> {
  const bytes = await readBytesIfPresent(resolve(workspace, path), 'lockfile');
  if (bytes === undefined) throw new RollgateError('FILE_NOT_FOUND', `${path}: cannot read (ENOENT)`);
  return bytes;
}

/** The file at a git ref, or undefined when it does not exist there (a lockfile the change adds). */
export async function readAtRef(workspace: string, ref: string, path: string): Promise<Uint8Array | undefined> {
  if (!/^[A-Za-z0-9._/@^~-]+$/.test(ref) || ref.startsWith('-'))
    throw new RollgateError('INPUT_INVALID', `base ref ${JSON.stringify(ref)} is not a plain git ref`);
  try {
    const { stdout } = await run('git', ['show', `${ref}:${path}`], {
      cwd: workspace,
      encoding: 'buffer',
      maxBuffer: READ_LIMITS.lockfile,
      timeout: GIT_SHOW_TIMEOUT_MS,
    });
    return new Uint8Array(stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
      throw new RollgateError(
        'INPUT_TOO_LARGE',
        `${path} at ${ref}: over the ${READ_LIMITS.lockfile}-byte limit for a lockfile file: check that the path names the right file (docs/limits.md lists the limits)`,
        { cause: error },
      );
    if ((error as { killed?: boolean }).killed)
      throw new RollgateError(
        'INPUT_INVALID',
        `git show ${ref}:${path} did not finish within ${GIT_SHOW_TIMEOUT_MS / 1000} s: check the repository (git fsck) and run again`,
        { cause: error },
      );
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    if (/does not exist|exists on disk, but not in/.test(stderr)) return undefined;
    throw new RollgateError(
      'INPUT_INVALID',
      `git show ${ref}:${path} failed: ${stderr.trim().split('\n')[0] ?? (error as Error).message} (fetch the base ref, e.g. actions/checkout with fetch-depth: 0)`,
      { cause: error },
    );
  }
}
