// State bundles (DESIGN 5): the unit that travels between jobs is one tar holding `HEAD` and
// every object reachable from it. Export is deterministic (sorted entries, fixed headers), so
// the same state is the same bytes. Import trusts nothing: every entry must be a regular file
// named HEAD or objects/sha256/<2 hex>/<62 hex>, every object must hash to its name, the chain
// must verify with the bundle's objects alone, and nothing unreachable may ride along. Only
// then is anything written, and only into the store.
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { equalBytes, fromUtf8, toHex, utf8 } from '../core/bytes.js';
import { formatDigest, isDigestText, parseDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { DecodedOnce, MemoryObjects } from './memory-objects.js';
import type { ObjectStore } from './object-store.js';
import { openRegularFile, readChunksBounded } from '../util/read-text.js';
import { reachableFrom, verifyChain } from './step-heads.js';

export const DEFAULT_BUNDLE_MAX_BYTES = 256 * 1024 * 1024;
/** What the file may hold beyond its entries' `maxBytes`: tar headers and the end blocks. */
const TAR_SLACK_BYTES = 64 * 1024;
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
  // Verifying and then collecting read the same heads and traces: each is decoded once.
  const reader = new DecodedOnce(store);
  await verifyChain(reader, head);
  const names = [...(await reachableFrom(reader, head))].sort();
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const add = (name: string, bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) =>
      pack.entry(
        { ...FIXED, name, size: bytes.length },
        // A view of the object's bytes, not a copy: the tar is built in memory once already.
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        (e) => (e ? reject(e) : resolve()),
      ),
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

/**
 * Parses the tar as its bytes arrive, checking each header before its body is read: a regular
 * file, a name that is HEAD or an object's, seen once, the sizes so far within `maxBytes`. Each
 * body is copied once, into an array of its own; objects must hash to their names.
 */
async function readEntries(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<ReadEntries> {
  const extract = tar.extract();
  const result: ReadEntries = { objects: new Map() };
  let total = 0;
  const seen = new Set<string>();
  const source = Readable.from(chunks, { objectMode: false });
  source.on('error', (error) => extract.destroy(error));
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
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        throw invalid(`entry ${JSON.stringify(name)} has no valid size`);
      total += size;
      if (total > maxBytes)
        throw new RollgateError('BUNDLE_TOO_LARGE', `state bundle: its entries exceed ${maxBytes} bytes`);
      const bytes = await entryBytes(entry, size);
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
  } finally {
    source.destroy();
  }
  return result;
}

/** An entry's body as one array of its own (the chunks are views of tar-stream's buffers). */
async function entryBytes(entry: AsyncIterable<unknown>, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(size);
  let at = 0;
  for await (const chunk of entry) {
    const part = chunk as Uint8Array;
    if (at + part.length > size) throw invalid('an entry holds more bytes than its header says');
    bytes.set(part, at);
    at += part.length;
  }
  if (at !== size) throw invalid('an entry holds fewer bytes than its header says');
  return bytes;
}

/**
 * Reads a state bundle from `bundleFile` and, once every check holds, adds its objects to the
 * store. The file must be a regular file (a symbolic link is followed; a device, FIFO, socket or
 * directory is FILE_NOT_REGULAR, checked on the opened handle). Its bytes are counted as they are
 * read and streamed into the tar parser: past `maxBytes` plus the headers' slack it is
 * BUNDLE_TOO_LARGE, whatever stat said, so a file that grows is stopped too.
 */
export async function importBundle(
  store: ObjectStore,
  bundleFile: string,
  options: { maxBytes?: number; expectedHead?: Uint8Array } = {},
): Promise<{ head: Uint8Array; objects: number }> {
  const maxBytes = options.maxBytes ?? DEFAULT_BUNDLE_MAX_BYTES;
  const fileLimit = maxBytes + TAR_SLACK_BYTES;
  const { handle, size } = await openRegularFile(bundleFile, 'state bundle');
  let entries: ReadEntries;
  try {
    if (size > fileLimit)
      throw new RollgateError(
        'BUNDLE_TOO_LARGE',
        `state bundle ${bundleFile}: ${size} bytes, over the limit of ${maxBytes}`,
      );
    const over = () =>
      new RollgateError(
        'BUNDLE_TOO_LARGE',
        `state bundle ${bundleFile}: more than ${fileLimit} bytes read (stat said ${size}), over the limit of ${maxBytes}`,
      );
    entries = await readEntries(readChunksBounded(handle, fileLimit, over), maxBytes);
  } finally {
    await handle.close();
  }
  const { head, objects } = entries;
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
