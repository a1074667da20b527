// Read-only object views held in memory: MemoryObjects is what a bundle's objects are checked
// against before anything of it is written to the store; DecodedOnce keeps the values read
// through another reader. Either decodes each object at most once: verifying a chain and then
// collecting what is reachable read the same heads and traces, and a head can list hundreds of
// thousands of evidence entries.
import { decodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import type { ObjectReader } from './step-heads.js';

export class MemoryObjects implements ObjectReader {
  private readonly decoded = new Map<string, CborValue>();

  constructor(private readonly objects: ReadonlyMap<string, Uint8Array>) {}

  get(digest: Uint8Array): Promise<Uint8Array> {
    const bytes = this.objects.get(formatDigest(digest));
    if (!bytes)
      return Promise.reject(
        new RollgateError('STORE_OBJECT_MISSING', `object ${formatDigest(digest)} is not in the bundle`),
      );
    return Promise.resolve(bytes);
  }

  /** The decoded value, kept: callers only read it (decoders return typed views of it). */
  async getValue(digest: Uint8Array): Promise<CborValue> {
    return remembered(this.decoded, digest, async () => decodeCanonical(await this.get(digest)));
  }
}

/** Reads through to `inner` (the store), keeping each decoded value for the next read of it. */
export class DecodedOnce implements ObjectReader {
  private readonly decoded = new Map<string, CborValue>();

  constructor(private readonly inner: ObjectReader) {}

  get(digest: Uint8Array): Promise<Uint8Array> {
    return this.inner.get(digest);
  }

  getValue(digest: Uint8Array): Promise<CborValue> {
    return remembered(this.decoded, digest, () => this.inner.getValue(digest));
  }
}

async function remembered(
  cache: Map<string, CborValue>,
  digest: Uint8Array,
  decode: () => Promise<CborValue>,
): Promise<CborValue> {
  const name = formatDigest(digest);
  const known = cache.get(name);
  if (known !== undefined) return known;
  const value = await decode();
  cache.set(name, value);
  return value;
}
