// The content-addressed object store (DESIGN 5): immutable objects named by the SHA-256 of
// their bytes. A put is idempotent; a second writer of other bytes under the same name is
// corruption, reported and never overwritten. Every read verifies the bytes against the name.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { equalBytes, fromHex } from '../core/bytes.js';
import { decodeCanonical, encodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { objectPath, storeLayout, type StoreLayout } from './layout.js';
import { readStoreFile } from './wal.js';

const HEX2_RE = /^[0-9a-f]{2}$/;
const HEX62_RE = /^[0-9a-f]{62}$/;

export class ObjectStore {
  readonly layout: StoreLayout;
  private readonly probe: CrashProbe;

  constructor(root: string, probe: CrashProbe = noProbe) {
    this.layout = storeLayout(root);
    this.probe = probe;
  }

  /**
   * Stores bytes under their SHA-256 and returns the digest. An object already there with these
   * bytes is not written again (importing a bundle into a store that holds most of it costs a
   * read per object, not a write and an fsync).
   */
  async put(bytes: Uint8Array): Promise<Uint8Array> {
    const digest = sha256(bytes);
    const path = objectPath(this.layout, digest);
    const present = await this.readRaw(digest).catch((error: unknown) => {
      if (error instanceof RollgateError && error.code === 'STORE_OBJECT_MISSING') return undefined;
      throw error;
    });
    if (present !== undefined) {
      if (!equalBytes(present, bytes)) throw this.corrupt(digest, path);
      return digest;
    }
    try {
      await writeFileAtomic(path, bytes, { exclusive: true, mode: 0o444, probe: this.probe });
    } catch (error) {
      if (!(error instanceof RollgateError && error.code === 'FILE_EXISTS')) throw error;
      const existing = await this.readRaw(digest);
      if (!equalBytes(existing, bytes)) throw this.corrupt(digest, path);
    }
    return digest;
  }

  /**
   * Stores many objects with bounded concurrency: each write still fsyncs, but the waits
   * overlap, which is what makes a step's batch of evidence cheap. Digests come back in order.
   * The first failure stops further writes, and is thrown only once the writes already under
   * way have ended: no write of this call goes on (or leaves its temporary) after it returns.
   */
  async putMany(items: readonly Uint8Array[], concurrency = 32): Promise<Uint8Array[]> {
    const digests = new Array<Uint8Array>(items.length);
    let next = 0;
    let failure: { readonly error: unknown } | undefined;
    const worker = async () => {
      while (next < items.length && failure === undefined) {
        const i = next++;
        try {
          digests[i] = await this.put(items[i]!);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    if (failure !== undefined) throw failure.error;
    return digests;
  }

  /** Stores the canonical encoding of a value; its name is then its ObjectDigest. */
  async putValue(value: unknown): Promise<Uint8Array> {
    return this.put(encodeCanonical(value));
  }

  async get(digest: Uint8Array): Promise<Uint8Array> {
    const bytes = await this.readRaw(digest);
    if (!equalBytes(sha256(bytes), digest)) throw this.corrupt(digest, objectPath(this.layout, digest));
    return bytes;
  }

  async getValue(digest: Uint8Array): Promise<CborValue> {
    return decodeCanonical(await this.get(digest));
  }

  async has(digest: Uint8Array): Promise<boolean> {
    try {
      await this.readRaw(digest);
      return true;
    } catch (error) {
      if (error instanceof RollgateError && error.code === 'STORE_OBJECT_MISSING') return false;
      throw error;
    }
  }

  /** Every object name in the store, sorted; temporaries and foreign names are skipped. */
  async list(): Promise<Uint8Array[]> {
    const names: string[] = [];
    for (const prefix of await readdirIfPresent(this.layout.objects)) {
      if (!HEX2_RE.test(prefix)) continue;
      for (const rest of await readdirIfPresent(join(this.layout.objects, prefix))) {
        if (HEX62_RE.test(rest)) names.push(prefix + rest);
      }
    }
    return names.sort().map(fromHex);
  }

  /**
   * The bytes at an object's name. Only a regular file is read: a symbolic link, a directory, a
   * FIFO or a device there is STORE_LAYOUT_INVALID, found without reading from it (a FIFO would
   * block, a link to /dev/zero never end).
   */
  private async readRaw(digest: Uint8Array): Promise<Uint8Array> {
    const bytes = await readStoreFile(objectPath(this.layout, digest), Number.MAX_SAFE_INTEGER);
    if (bytes === undefined)
      throw new RollgateError('STORE_OBJECT_MISSING', `object ${formatDigest(digest)} is not in ${this.layout.root}`, {
        diagnostics: { digest: formatDigest(digest) },
      });
    return bytes;
  }

  private corrupt(digest: Uint8Array, path: string): RollgateError {
    return new RollgateError('STORE_OBJECT_CORRUPT', `${path}: bytes do not hash to ${formatDigest(digest)}`, {
      diagnostics: { digest: formatDigest(digest), path },
    });
  }
}

export async function readdirIfPresent(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
