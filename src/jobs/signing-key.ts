// A signing key from a file or from an environment variable (a CI secret), never from the
// command line itself, so it never lands in a shell history or a process list.
import { RollgateError } from '../core/errors.js';
import { readPrivateKeyEnv, readPrivateKeyFile } from '../store/key-files.js';

export interface KeySource {
  readonly file?: string;
  readonly env?: string;
}

export async function loadSigningKey(source: KeySource, env: NodeJS.ProcessEnv): Promise<Uint8Array> {
  if (source.file !== undefined && source.env !== undefined)
    throw new RollgateError('INPUT_INVALID', 'give the signing key as a file or as an environment variable, not both');
  if (source.file !== undefined) return readPrivateKeyFile(source.file);
  if (source.env !== undefined) return readPrivateKeyEnv(source.env, env);
  throw new RollgateError('INPUT_INVALID', 'no signing key: give --key FILE or --key-env NAME');
}
