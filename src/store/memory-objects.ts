// A read-only object view held in memory: what a bundle's objects are checked against before
// anything of it is written to the store.
import { decodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import type { ObjectReader } from './step-heads.js';

export class MemoryObjects implements ObjectReader {
  constructor(private readonly objects: ReadonlyMap<string, Uint8Array>) {}

  get(digest: Uint8Array): Promise<Uint8Array> {
    const bytes = this.objects.get(formatDigest(digest));
    if (!bytes)
      return Promise.reject(
        new RollgateError('STORE_OBJECT_MISSING', `object ${formatDigest(digest)} is not in the bundle`),
      );
    return Promise.resolve(bytes);
  }

  async getValue(digest: Uint8Array): Promise<CborValue> {
    return decodeCanonical(await this.get(digest));
  }
}
