// Adds one signature to a release document (k-of-n signing by several key holders). The same
// key signing twice replaces its earlier signature; the document's hash is re-checked first.
import { keyIdOf, publicKeyOf, signPayload } from '../core/ed25519.js';
import { parseReleaseDocument, serializeReleaseDocument, type ReleaseDocument } from '../release/release-document.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { readTextIfPresent } from '../util/read-text.js';
import { RollgateError } from '../core/errors.js';
import { loadSigningKey, type KeySource } from '../providers/signing-key.js';

export async function signReleaseFile(path: string, key: KeySource, env: NodeJS.ProcessEnv): Promise<ReleaseDocument> {
  const text = await readTextIfPresent(path, 'release');
  if (text === undefined) throw new RollgateError('FILE_NOT_FOUND', `release ${path}: no such file`);
  const doc = parseReleaseDocument(text, path);
  const privateKey = await loadSigningKey(key, env);
  const keyId = keyIdOf(publicKeyOf(privateKey));
  const signed: ReleaseDocument = {
    ...doc,
    signatures: [
      ...doc.signatures.filter((s) => s.key_id !== keyId),
      { key_id: keyId, signature: signPayload(doc.manifest, privateKey) },
    ],
  };
  await writeFileAtomic(path, serializeReleaseDocument(signed));
  return signed;
}
