// A signing key from a file or from an environment variable (a CI secret), never from the
// command line itself, so it never lands in a shell history or a process list.
import { privateKeyFromPem } from '../core/ed25519.js';
import { RollgateError } from '../core/errors.js';
import { readPrivateKeyEnv, readPrivateKeyFile } from '../store/key-files.js';

export interface KeySource {
  readonly file?: string;
  readonly env?: string;
  /** PEM text already in hand (an action's masked secret input). */
  readonly pem?: string;
}

export async function loadSigningKey(source: KeySource, env: NodeJS.ProcessEnv): Promise<Uint8Array> {
  if ([source.file, source.env, source.pem].filter((x) => x !== undefined).length > 1) {
    throw new RollgateError(
      'INPUT_INVALID',
      'give the signing key one way: a file, an environment variable or a secret input',
    );
  }
  if (source.pem !== undefined) return privateKeyFromPem(source.pem, 'the signing-key input');
  if (source.file !== undefined) return readPrivateKeyFile(source.file);
  if (source.env !== undefined) return readPrivateKeyEnv(source.env, env);
  throw new RollgateError('INPUT_INVALID', 'no signing key: give --key FILE or --key-env NAME');
}
