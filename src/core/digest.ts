// SHA-256 in every form rollgate uses (DESIGN 4.2): raw digests inside hashed CBOR, the
// `sha256:<hex>` text form outside it, ObjectDigest, tagged preimages, and streaming.
import crypto, { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { assertBytes, fromHex, toHex } from './bytes.js';
import { encodeCanonical } from './cbor.js';
import { RollgateError } from './errors.js';
import type { HashTag } from './hash-tags.js';

export const DIGEST_LENGTH = 32;
const DIGEST_TEXT_RE = /^sha256:[0-9a-f]{64}$/;

// One-shot hashing (Node >= 20.12) skips a Hash object per call: a lock-verify run of 100k
// packages hashes ~10^6 small trace records and links.
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function sha256(bytes: Uint8Array): Uint8Array {
  assertBytes(bytes);
  return new Uint8Array(oneShot ? oneShot('sha256', bytes, 'buffer') : createHash('sha256').update(bytes).digest());
}

/** ObjectDigest: SHA-256 of the canonical encoding, no tag. */
export function objectDigest(value: unknown): Uint8Array {
  return sha256(encodeCanonical(value));
}

/** H(tag, a, b, …) = SHA-256(CBOR_CANONICAL([tag, a, b, …])), written flat as the documents do. */
export function taggedHash(tag: HashTag, ...items: unknown[]): Uint8Array {
  return sha256(encodeCanonical([tag, ...items]));
}

export function formatDigest(digest: Uint8Array): string {
  return `sha256:${toHex(assertBytes(digest, DIGEST_LENGTH, 'digest'))}`;
}

export function isDigestText(text: unknown): text is string {
  return typeof text === 'string' && DIGEST_TEXT_RE.test(text);
}

export function parseDigest(text: string, where = 'digest'): Uint8Array {
  if (!isDigestText(text)) {
    throw new RollgateError(
      'DIGEST_FORMAT_INVALID',
      `${where}: expected sha256:<64 lowercase hex>, got ${JSON.stringify(String(text).slice(0, 80))}`,
    );
  }
  return fromHex(text.slice('sha256:'.length));
}

/** Hashes a stream chunk by chunk, so memory stays flat whatever the size. */
export async function digestStream(
  source: AsyncIterable<Uint8Array | string>,
): Promise<{ digest: Uint8Array; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    size += bytes.length;
  }
  return { digest: new Uint8Array(hash.digest()), size };
}

/**
 * Streams a file through SHA-256. The one place the core touches the disk, and only to read:
 * the public core API promises file hashing (DESIGN 4.2: never read whole into memory).
 */
export async function digestFile(path: string): Promise<{ digest: Uint8Array; size: number }> {
  try {
    return await digestStream(createReadStream(path, { highWaterMark: 1 << 20 }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RollgateError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_READ_FAILED',
      `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`}`,
      { diagnostics: { path }, cause: error },
    );
  }
}
