// The write-ahead log of a run (DESIGN 5): one file per run, records framed as
// [length u32 LE | record CBOR | CRC-32C u32 LE of the record CBOR], each record chained to the
// previous one by prev_record_hash and named by record_hash = H("wal_record_v1", record
// without record_hash).
import { constants, type Stats } from 'node:fs';
import { mkdir, open, truncate, type FileHandle } from 'node:fs/promises';
import CRC32C from 'crc-32/crc32c';
import { equalBytes } from '../core/bytes.js';
import { decodeCanonical, encodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest, taggedHash } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { HASH_TAGS } from '../core/hash-tags.js';
import { fsyncDirectory } from './atomic-write.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { walPath, type StoreLayout } from './layout.js';

export const WAL_RECORD_TYPES = ['PREPARE', 'CERT_SIGNED', 'FINALIZE', 'ROLLBACK'] as const;
export type WalRecordType = (typeof WAL_RECORD_TYPES)[number];

export interface WalRecord {
  readonly run_id: string;
  readonly wal_seq: number;
  readonly record_type: WalRecordType;
  readonly prev_record_hash: Uint8Array;
  /** The hashes (and, for ROLLBACK, the reason) this record binds. */
  readonly bound: { readonly [key: string]: CborValue };
  readonly record_hash: Uint8Array;
}

export const ZERO_HASH = new Uint8Array(32);
const FRAME_OVERHEAD = 8;
// No rollgate WAL record comes near this; a larger declared length is damage, not data.
const MAX_RECORD_BYTES = 1 << 20;

export function walRecordHash(record: Omit<WalRecord, 'record_hash'>): Uint8Array {
  return taggedHash(HASH_TAGS.wal_record_v1, {
    run_id: record.run_id,
    wal_seq: record.wal_seq,
    record_type: record.record_type,
    prev_record_hash: record.prev_record_hash,
    bound: record.bound,
  });
}

export function crc32c(bytes: Uint8Array): number {
  return CRC32C.buf(bytes) >>> 0;
}

export function frameRecord(record: WalRecord): Uint8Array {
  const body = encodeCanonical(record);
  const frame = new Uint8Array(body.length + FRAME_OVERHEAD);
  const view = new DataView(frame.buffer);
  view.setUint32(0, body.length, true);
  frame.set(body, 4);
  view.setUint32(4 + body.length, crc32c(body), true);
  return frame;
}

export interface ParsedWal {
  readonly records: readonly WalRecord[];
  /** Bytes of the file that hold whole, valid records. */
  readonly goodLength: number;
  /**
   * True when bytes after goodLength could be a torn write: an incomplete or CRC-failing last
   * frame, or zeros. Whether they are one depends on the run (checkWal).
   */
  readonly tornTail: boolean;
}

function corruption(runId: string, offset: number, why: string): RollgateError {
  return new RollgateError('WAL_CORRUPTION', `WAL of run ${runId}: record at byte ${offset} ${why}`, {
    diagnostics: { run_id: runId, offset },
  });
}

function asRecord(value: CborValue, runId: string, offset: number): WalRecord {
  const r = value as Partial<WalRecord> & Record<string, unknown>;
  const ok =
    typeof r === 'object' &&
    r !== null &&
    typeof r.run_id === 'string' &&
    typeof r.wal_seq === 'number' &&
    WAL_RECORD_TYPES.includes(r.record_type as WalRecordType) &&
    r.prev_record_hash instanceof Uint8Array &&
    r.record_hash instanceof Uint8Array &&
    typeof r.bound === 'object' &&
    r.bound !== null &&
    Object.keys(r).length === 6;
  if (!ok) throw corruption(runId, offset, 'is not a WAL record');
  return r as WalRecord;
}

/**
 * Checks sequence, CRC, chain and hashes. A bad record followed by more bytes is corruption;
 * an incomplete or CRC-failing last frame is a torn tail, cut by recovery.
 */
export function parseWal(bytes: Uint8Array, runId: string): ParsedWal {
  const records: WalRecord[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  let prev: Uint8Array = ZERO_HASH;
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    if (remaining < 4) return { records, goodLength: offset, tornTail: true };
    const length = view.getUint32(offset, true);
    // A file extended but never written (some file systems after a crash) reads as zeros.
    if (length === 0 && bytes.subarray(offset).every((b) => b === 0))
      return { records, goodLength: offset, tornTail: true };
    if (length === 0 || length > MAX_RECORD_BYTES) {
      if (length + FRAME_OVERHEAD > remaining) return { records, goodLength: offset, tornTail: true };
      throw corruption(runId, offset, `declares an impossible length ${length}`);
    }
    if (length + FRAME_OVERHEAD > remaining) return { records, goodLength: offset, tornTail: true };
    const body = bytes.subarray(offset + 4, offset + 4 + length);
    const crc = view.getUint32(offset + 4 + length, true);
    const isLast = offset + length + FRAME_OVERHEAD === bytes.length;
    if (crc32c(body) !== crc) {
      if (isLast) return { records, goodLength: offset, tornTail: true };
      throw corruption(runId, offset, 'fails its CRC-32C');
    }
    let record: WalRecord;
    try {
      record = asRecord(decodeCanonical(body), runId, offset);
    } catch (error) {
      if (error instanceof RollgateError && error.code === 'WAL_CORRUPTION') throw error;
      throw corruption(runId, offset, 'is not canonical CBOR');
    }
    if (record.run_id !== runId) throw corruption(runId, offset, `belongs to run ${record.run_id}`);
    if (record.wal_seq !== records.length)
      throw corruption(runId, offset, `has wal_seq ${record.wal_seq}, expected ${records.length}`);
    if (!equalBytes(record.prev_record_hash, prev))
      throw corruption(runId, offset, 'does not chain to the previous record');
    if (!equalBytes(walRecordHash(record), record.record_hash))
      throw corruption(runId, offset, 'has a wrong record_hash');
    records.push(record);
    prev = record.record_hash;
    offset += length + FRAME_OVERHEAD;
  }
  return { records, goodLength: offset, tornTail: false };
}

// What each record type may follow: a commit attempt is PREPARE, CERT_SIGNED when it carries a
// certificate, then FINALIZE (the end of the WAL: the pointer comes next) or, from recovery,
// ROLLBACK, after which the next attempt starts.
const MAY_FOLLOW: Record<WalRecordType, ReadonlyArray<WalRecordType | undefined>> = {
  PREPARE: [undefined, 'ROLLBACK'],
  CERT_SIGNED: ['PREPARE'],
  FINALIZE: ['PREPARE', 'CERT_SIGNED'],
  ROLLBACK: ['PREPARE', 'CERT_SIGNED'],
};

/**
 * The rules a parsed WAL must also follow, given whether the run's COMMITTED pointer exists
 * (in any form): records in an order the commit protocol writes, and a torn tail only where an
 * append can have been in flight. Nothing is appended after FINALIZE, nor once the pointer
 * exists: there, bytes that do not form a whole record are WAL_CORRUPTION, never cut.
 */
export function checkWal(parsed: ParsedWal, runId: string, committed: boolean): ParsedWal {
  let offset = 0;
  parsed.records.forEach((record, i) => {
    const previous = parsed.records[i - 1]?.record_type;
    if (!MAY_FOLLOW[record.record_type].includes(previous))
      throw corruption(runId, offset, `is a ${record.record_type} after ${previous ?? 'the start'}`);
    offset += frameRecord(record).length;
  });
  if (!parsed.tornTail) return parsed;
  const why = committed
    ? 'the run is committed and nothing is appended to its WAL after that'
    : parsed.records[parsed.records.length - 1]?.record_type === 'FINALIZE'
      ? 'they follow FINALIZE, after which nothing is appended'
      : undefined;
  if (why !== undefined)
    throw corruption(runId, parsed.goodLength, `is damaged or incomplete, and is not a torn write: ${why}`);
  return parsed;
}

// Far above any real WAL (a few records per commit attempt), far below the heap.
const MAX_WAL_BYTES = 64 * 1024 * 1024;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return stats.isFile() ? 'a file' : 'a device';
}

/**
 * The bytes of a file of the store, or undefined when there is none. Anything but a regular
 * file (a directory, a symbolic link, a FIFO, a device) is STORE_LAYOUT_INVALID, found without
 * reading from it (a FIFO would block); past `limit` bytes is STORE_LAYOUT_INVALID too.
 */
export async function readStoreFile(path: string, limit = MAX_WAL_BYTES): Promise<Uint8Array | undefined> {
  const layoutInvalid = (what: string) =>
    new RollgateError('STORE_LAYOUT_INVALID', `${path}: ${what}`, { diagnostics: { path } });
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw layoutInvalid('is a symbolic link, not a file');
    if (code === 'ENOTDIR') throw layoutInvalid('a directory on its path is not a directory');
    throw new RollgateError('FILE_READ_FAILED', `${path}: cannot read (${code})`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw layoutInvalid(`is ${kindOf(stats)}, not a file`);
    if (stats.size > limit) throw layoutInvalid(`${stats.size} bytes, over the ${limit}-byte limit`);
    return await readToEnd(handle, stats.size, () => layoutInvalid(`more than ${limit} bytes, over the limit`), limit);
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RollgateError('FILE_READ_FAILED', `${path}: cannot read (${code})`, { cause: error });
  } finally {
    await handle.close();
  }
}

/**
 * A regular file's bytes from an open handle: one read of the size fstat gave plus a byte, so a
 * file read whole costs a single read (a short read of a regular file is its end), and one that
 * grew meanwhile is read on, up to `limit`.
 */
async function readToEnd(handle: FileHandle, size: number, over: () => Error, limit: number): Promise<Uint8Array> {
  let bytes = new Uint8Array(size + 1);
  let length = 0;
  for (;;) {
    if (length === bytes.length) {
      if (length > limit) throw over();
      const grown = new Uint8Array(Math.min(limit + 1, bytes.length * 2));
      grown.set(bytes);
      bytes = grown;
    }
    const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
    length += bytesRead;
    if (bytesRead === 0 || length < bytes.length) break;
  }
  if (length > limit) throw over();
  return bytes.subarray(0, length);
}

/** The run's WAL parsed (no WAL: no records); its tail is judged by checkWal. */
export async function readWal(layout: StoreLayout, runId: string): Promise<ParsedWal> {
  const bytes = await readStoreFile(walPath(layout, runId));
  return bytes === undefined ? { records: [], goodLength: 0, tornTail: false } : parseWal(bytes, runId);
}

/** Cuts a torn tail at the last good record and makes the cut durable. */
export async function cutTornTail(layout: StoreLayout, runId: string, goodLength: number): Promise<void> {
  const path = walPath(layout, runId);
  await truncate(path, goodLength);
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Appends one record after the given ones (the caller holds the run's lock) and fsyncs. */
export async function appendWal(
  layout: StoreLayout,
  runId: string,
  existing: readonly WalRecord[],
  recordType: WalRecordType,
  bound: WalRecord['bound'],
  probe: CrashProbe = noProbe,
): Promise<WalRecord> {
  const last = existing[existing.length - 1];
  const unhashed = {
    run_id: runId,
    wal_seq: existing.length,
    record_type: recordType,
    prev_record_hash: last ? last.record_hash : ZERO_HASH,
    bound,
  };
  const record: WalRecord = { ...unhashed, record_hash: walRecordHash(unhashed) };
  const path = walPath(layout, runId);
  await mkdir(layout.wal, { recursive: true });
  probe(`wal:${recordType}:append`);
  const handle = await open(path, 'a');
  try {
    await handle.write(frameRecord(record));
    probe(`wal:${recordType}:fsync`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (existing.length === 0) await fsyncDirectory(layout.wal);
  return record;
}

export function describeWalRecord(record: WalRecord): string {
  return `${record.wal_seq} ${record.record_type} ${formatDigest(record.record_hash)}`;
}
