// Reading a text file that may not exist yet: absent is undefined, anything else that stops
// the read is a coded FILE_READ_FAILED naming the file.
import { readFile } from 'node:fs/promises';
import { RollgateError } from '../core/errors.js';

export async function readTextIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new RollgateError('FILE_READ_FAILED', `${path}: cannot read (${code})`, { cause: error });
  }
}
