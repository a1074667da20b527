// State bundles (DESIGN 5): the unit that travels between jobs is one tar holding `HEAD` and
// every object reachable from it. Export is deterministic (sorted entries, fixed headers), so
// the same state is the same bytes. Import trusts nothing: every entry must be a regular file
// named HEAD or objects/sha256/<2 hex>/<62 hex>, every object must hash to its name, the chain
// must verify with the bundle's objects alone, and nothing unreachable may ride along. Only
// then is anything written, and only into the store.
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { equalBytes, fromUtf8, toHex, utf8 } from '../core/bytes.js';
import { formatDigest, isDigestText, parseDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { MemoryObjects } from './memory-objects.js';
import type { ObjectStore } from './object-store.js';
import { reachableFrom, verifyChain } from './step-heads.js';

export const DEFAULT_BUNDLE_MAX_BYTES = 256 * 1024 * 1024;
const OBJECT_NAME_RE = /^objects\/sha256\/([0-9a-f]{2})\/([0-9a-f]{62})$/;

export interface BundleSummary {
  readonly head: Uint8Array;
  readonly objects: number;
  readonly bytes: number;
  readonly bundle_hash: Uint8Array;
}

function invalid(message: string): RollgateError {
  return new RollgateError('BUNDLE_INVALID', `state bundle: ${message}`);
}

const FIXED = { mode: 0o444, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '', type: 'file' as const };

export async function exportBundle(store: ObjectStore, head: Uint8Array, outFile: string): Promise<BundleSummary> {
  await verifyChain(store, head);
  const names = [...(await reachableFrom(store, head))].sort();
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const add = (name: string, bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) =>
      pack.entry({ ...FIXED, name, size: bytes.length }, Buffer.from(bytes), (e) => (e ? reject(e) : resolve())),
    );
  await add('HEAD', utf8(`${formatDigest(head)}\n`));
  for (const name of names) {
    const digest = parseDigest(name);
    const hex = toHex(digest);
    await add(`objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`, await store.get(digest));
  }
  pack.finalize();
  await done;
  const bytes = Buffer.concat(chunks);
  await writeFileAtomic(outFile, bytes);
  return { head, objects: names.length, bytes: bytes.length, bundle_hash: sha256(bytes) };
}

interface ReadEntries {
  head?: Uint8Array;
  objects: Map<string, Uint8Array>;
}

async function readEntries(bundle: Uint8Array, maxBytes: number): Promise<ReadEntries> {
  const extract = tar.extract();
  const result: ReadEntries = { objects: new Map() };
  let total = 0;
  const seen = new Set<string>();
  const source = Readable.from([Buffer.from(bundle)]);
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      if (type !== 'file') throw invalid(`entry ${JSON.stringify(name)} is a ${type}, not a regular file`);
      if (name.startsWith('/') || name.split('/').includes('..'))
        throw invalid(`entry ${JSON.stringify(name)} escapes the bundle`);
      if (seen.has(name)) throw invalid(`entry ${JSON.stringify(name)} appears twice`);
      seen.add(name);
      if (name !== 'HEAD' && !OBJECT_NAME_RE.test(name))
        throw invalid(`entry ${JSON.stringify(name)} is not HEAD or an object name`);
      total += size ?? 0;
      if (total > maxBytes)
        throw new RollgateError('BUNDLE_TOO_LARGE', `state bundle: its entries exceed ${maxBytes} bytes`);
      const parts: Buffer[] = [];
      for await (const chunk of entry) parts.push(chunk as Buffer);
      const bytes = new Uint8Array(Buffer.concat(parts));
      if (name === 'HEAD') {
        let text: string;
        try {
          text = fromUtf8(bytes).trim();
        } catch {
          throw invalid('HEAD is not text');
        }
        if (!isDigestText(text)) throw invalid('HEAD does not hold a sha256:<hex> digest');
        result.head = parseDigest(text);
      } else {
        const [, a, b] = OBJECT_NAME_RE.exec(name)!;
        const digest = sha256(bytes);
        if (toHex(digest) !== `${a}${b}`) throw invalid(`object ${name} does not hash to its name`);
        result.objects.set(formatDigest(digest), bytes);
      }
    }
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    throw invalid(`not a readable tar (${(error as Error).message})`);
  }
  return result;
}

export async function importBundle(
  store: ObjectStore,
  bundleFile: string,
  options: { maxBytes?: number; expectedHead?: Uint8Array } = {},
): Promise<{ head: Uint8Array; objects: number }> {
  const maxBytes = options.maxBytes ?? DEFAULT_BUNDLE_MAX_BYTES;
  let size: number;
  try {
    size = (await stat(bundleFile)).size;
  } catch (error) {
    throw new RollgateError('FILE_NOT_FOUND', `${bundleFile}: no such state bundle`, { cause: error });
  }
  if (size > maxBytes + 64 * 1024)
    throw new RollgateError(
      'BUNDLE_TOO_LARGE',
      `state bundle ${bundleFile}: ${size} bytes, over the limit of ${maxBytes}`,
    );
  const { head, objects } = await readEntries(new Uint8Array(await readFile(bundleFile)), maxBytes);
  if (!head) throw invalid('it has no HEAD');
  if (options.expectedHead && !equalBytes(options.expectedHead, head)) {
    throw invalid(`its HEAD ${formatDigest(head)} is not the expected ${formatDigest(options.expectedHead)}`);
  }
  const view = new MemoryObjects(objects);
  try {
    await verifyChain(view, head);
  } catch (error) {
    if (error instanceof RollgateError) throw invalid(`its chain does not verify: ${error.message}`);
    throw error;
  }
  const reachable = await reachableFrom(view, head);
  const unknown = [...objects.keys()].filter((d) => !reachable.has(d));
  if (unknown.length > 0)
    throw invalid(`${unknown.length} object(s) are not reachable from its HEAD, e.g. ${unknown[0]}`);
  await store.putMany([...objects.values()]);
  return { head, objects: objects.size };
}
