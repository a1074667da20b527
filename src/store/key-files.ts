// Key files as `rollgate keygen` writes them: `<hex>.key` (PKCS#8 PEM, mode 0600, never
// replaced) and `<hex>.pub` (SPKI PEM), named after the key_id.
import { join } from 'node:path';
import { privateKeyFromPem, privateKeyToPem, publicKeyOf, publicKeyToPem, keyIdOf } from '../core/ed25519.js';
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { readTextIfPresent } from '../util/read-text.js';

export interface WrittenKeyPair {
  readonly key_id: string;
  readonly public_key: Uint8Array;
  readonly private_key_path: string;
  readonly public_key_path: string;
}

export async function writeKeyPair(dir: string, privateKey: Uint8Array): Promise<WrittenKeyPair> {
  const publicKey = publicKeyOf(privateKey);
  const keyId = keyIdOf(publicKey);
  const stem = keyId.slice('ed25519:'.length);
  const privatePath = join(dir, `${stem}.key`);
  const publicPath = join(dir, `${stem}.pub`);
  await writeFileAtomic(privatePath, privateKeyToPem(privateKey), { mode: 0o600, exclusive: true });
  await writeFileAtomic(publicPath, publicKeyToPem(publicKey), { exclusive: true });
  return { key_id: keyId, public_key: publicKey, private_key_path: privatePath, public_key_path: publicPath };
}

/** Reads a private key from a PEM file; the message names the file, never its content. */
export async function readPrivateKeyFile(path: string): Promise<Uint8Array> {
  // A file over the key limit is no PEM key: KEY_FORMAT_INVALID, before its content is read.
  const text = await readTextIfPresent(path, 'key', 'KEY_FORMAT_INVALID');
  if (text === undefined) throw new RollgateError('FILE_NOT_FOUND', `${path}: cannot read the private key (ENOENT)`);
  return privateKeyFromPem(text, `private key file ${path}`);
}

/** Reads a private key from an environment variable holding PEM text. */
export function readPrivateKeyEnv(name: string, env: NodeJS.ProcessEnv): Uint8Array {
  const text = env[name];
  if (text === undefined || text === '') {
    throw new RollgateError('INPUT_INVALID', `environment variable ${name} is not set; it must hold a PEM private key`);
  }
  return privateKeyFromPem(text, `private key in $${name}`);
}
