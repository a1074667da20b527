// Adds a key to a trust store file, creating the file when absent. The result is validated by
// the same parser that verification uses, so keygen can never write a store that will not load.
import { toHex } from '../core/bytes.js';
import { TRUST_STORE_VERSION, parseTrustStore, type TrustedKey } from '../core/trust-store.js';
import { formatUtc } from '../core/utc-time.js';
import { writeFileAtomic } from './atomic-write.js';
import { readTextIfPresent } from '../util/read-text.js';

/**
 * The trust store text with the key added, validated; nothing is written, so a caller can
 * refuse before creating anything else.
 */
export async function trustStoreWithKey(path: string, key: TrustedKey): Promise<string> {
  const existing = await readTextIfPresent(path, 'trust');
  if (existing !== undefined) parseTrustStore(Buffer.from(existing), path);
  const doc =
    existing === undefined
      ? {
          trust_store_version: TRUST_STORE_VERSION,
          keys: [] as unknown[],
          thresholds: { release: 1, certificate: 1 },
          rotations: [],
        }
      : (JSON.parse(existing) as { keys: unknown[] });
  doc.keys.push({
    key_id: key.key_id,
    public_key: toHex(key.public_key),
    roles: [...key.roles],
    not_before: formatUtc(key.not_before),
    not_after: formatUtc(key.not_after),
    rotation_max_age_days: key.rotation_max_age_days,
  });
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  parseTrustStore(Buffer.from(text), path);
  return text;
}

export async function writeTrustStore(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text);
}
