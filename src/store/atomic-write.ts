// Atomic file writes (DESIGN 5): a temporary file in the same directory, fsync, then rename
// (or link, when the name must not exist yet), then fsync the directory, so a crash leaves
// either the old file or the new one, never a torn one.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RollgateError } from '../core/errors.js';

export interface AtomicWriteOptions {
  /** File mode of the new file; 0o600 for secrets. */
  readonly mode?: number;
  /** Refuse (FILE_EXISTS) instead of replacing an existing file: create-if-absent. */
  readonly exclusive?: boolean;
}

async function fsyncDirectory(dir: string): Promise<void> {
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
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      // link() fails with EEXIST when the name is taken: the create-if-absent primitive.
      await link(temp, path);
      await unlink(temp);
    } else {
      await rename(temp, path);
    }
    await fsyncDirectory(dir);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new RollgateError('FILE_EXISTS', `${path}: already exists and is not replaced`, {
        diagnostics: { path },
        cause: error,
      });
    }
    throw new RollgateError('FILE_WRITE_FAILED', `${path}: cannot write (${code ?? String(error)})`, {
      diagnostics: { path },
      cause: error,
    });
  }
}
