// The content-addressed object store (DESIGN 5): immutable objects named by the SHA-256 of
// their bytes. A put is idempotent; a second writer of other bytes under the same name is
// corruption, reported and never overwritten. Every read verifies the bytes against the name.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { equalBytes, fromHex } from '../core/bytes.js';
import { decodeCanonical, encodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { objectPath, storeLayout, type StoreLayout } from './layout.js';

const HEX2_RE = /^[0-9a-f]{2}$/;
const HEX62_RE = /^[0-9a-f]{62}$/;

export class ObjectStore {
  readonly layout: StoreLayout;
  private readonly probe: CrashProbe;

  constructor(root: string, probe: CrashProbe = noProbe) {
    this.layout = storeLayout(root);
    this.probe = probe;
  }

  /** Stores bytes under their SHA-256 and returns the digest. */
  async put(bytes: Uint8Array): Promise<Uint8Array> {
    const digest = sha256(bytes);
    const path = objectPath(this.layout, digest);
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
   */
  async putMany(items: readonly Uint8Array[], concurrency = 32): Promise<Uint8Array[]> {
    const digests = new Array<Uint8Array>(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        digests[i] = await this.put(items[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
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

  private async readRaw(digest: Uint8Array): Promise<Uint8Array> {
    const path = objectPath(this.layout, digest);
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new RollgateError(
          'STORE_OBJECT_MISSING',
          `object ${formatDigest(digest)} is not in ${this.layout.root}`,
          {
            diagnostics: { digest: formatDigest(digest) },
          },
        );
      }
      throw new RollgateError('FILE_READ_FAILED', `${path}: cannot read (${code})`, { cause: error });
    }
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
