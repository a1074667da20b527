// Atomic file writes (DESIGN 5): a temporary file in the same directory, fsync, then rename
// (or link, when the name must not exist yet), then fsync the directory, so a crash leaves
// either the old file or the new one, never a torn one.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RollgateError } from '../core/errors.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { writeFailed } from './fs-error.js';

export interface AtomicWriteOptions {
  /** File mode of the new file; 0o600 for secrets. */
  readonly mode?: number;
  /** Refuse (FILE_EXISTS) instead of replacing an existing file: create-if-absent. */
  readonly exclusive?: boolean;
  readonly probe?: CrashProbe;
}

const TEMP_RE = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;

/** The pid that wrote a temporary file, or undefined when the name is not one of ours. */
export function temporaryWriterPid(name: string): number | undefined {
  const match = TEMP_RE.exec(name);
  return match ? Number(match[1]) : undefined;
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  // The pid in the name lets recovery remove only the temporaries of dead writers.
  const temp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const probe = options.probe ?? noProbe;
  try {
    await mkdir(dir, { recursive: true });
    probe('write:temp');
    const handle = await open(temp, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      probe('write:fsync');
      await handle.sync();
    } finally {
      await handle.close();
    }
    probe('write:publish');
    if (options.exclusive) {
      // link() fails with EEXIST when the name is taken: the create-if-absent primitive.
      await link(temp, path);
      probe('write:unlink-temp');
      await unlink(temp);
    } else {
      await rename(temp, path);
    }
    probe('write:fsync-dir');
    await fsyncDirectory(dir);
  } catch (error) {
    // The temporary never outlives a failed write: a full disk is left as it was found.
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new RollgateError('FILE_EXISTS', `${path}: already exists and is not replaced`, {
        diagnostics: { path },
        cause: error,
      });
    }
    throw writeFailed(path, error);
  }
}
