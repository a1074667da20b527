// The hash-chained GC log (document 000 II.H): gc/log.jsonl, one JSON line per deletion, run or
// pin expiration, and per sweep that failed half-way (naming the logged actions not done); each
// line binds the previous line's hash, and its own line_hash is the ObjectDigest of the line
// without line_hash. Appends are fsynced, and a failed append leaves no torn line behind.
import { mkdir, open, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatDigest, objectDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { writeFailed } from './fs-error.js';
import { readStoreFile } from './wal.js';

export const GC_LOG_GENESIS = `sha256:${'0'.repeat(64)}`;

export type GcLogAction = 'delete_object' | 'expire_run' | 'expire_pin' | 'sweep_failed';

export interface GcLogLine {
  readonly seq: number;
  readonly time_utc: string;
  readonly action: GcLogAction;
  readonly subject: string;
  readonly class: string;
  readonly reason: string;
  readonly prev_line_hash: string;
  readonly line_hash: string;
}

export type GcLogEntry = Omit<GcLogLine, 'seq' | 'prev_line_hash' | 'line_hash'>;

export function lineHash(line: Omit<GcLogLine, 'line_hash'>): string {
  return formatDigest(objectDigest(line));
}

/** The last line's hash and the next seq, after verifying the whole chain. */
export async function gcLogTail(path: string): Promise<{ hash: string; seq: number }> {
  const findings = await verifyGcLog(path);
  if (findings.problems.length > 0) throw new RollgateError('GC_LOG_BROKEN', `${path}: ${findings.problems[0]}`);
  return { hash: findings.tail, seq: findings.lines };
}

/**
 * Appends the entries as one fsynced write and returns the seq of the first. A write that fails
 * (a full disk) is cut back off, so the log is never left with a torn line; so is a torn last
 * line a crash left behind, before anything is appended: its actions never ran.
 */
export async function appendGcLog(path: string, entries: readonly GcLogEntry[]): Promise<number> {
  if (entries.length === 0) return (await gcLogTail(path)).seq;
  await cutTornLine(path);
  let { hash, seq } = await gcLogTail(path);
  const first = seq;
  let text = '';
  for (const entry of entries) {
    const unhashed = {
      seq,
      time_utc: entry.time_utc,
      action: entry.action,
      subject: entry.subject,
      class: entry.class,
      reason: entry.reason,
      prev_line_hash: hash,
    };
    const line: GcLogLine = { ...unhashed, line_hash: lineHash(unhashed) };
    text += `${JSON.stringify(line)}\n`;
    hash = line.line_hash;
    seq++;
  }
  let handle;
  try {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(path, 'a');
  } catch (error) {
    throw writeFailed(path, error);
  }
  try {
    const { size } = await handle.stat();
    try {
      // writeFile, not write: one write() may take only part of the text when the disk fills.
      await handle.writeFile(text);
      await handle.sync();
    } catch (error) {
      await handle.truncate(size).catch(() => undefined);
      await handle.sync().catch(() => undefined);
      throw writeFailed(path, error);
    }
  } finally {
    await handle.close();
  }
  return first;
}

/**
 * The log's text, or undefined when there is none. Only a regular file is read: a FIFO there
 * would block gc, a link to /dev/zero never end the read (STORE_LAYOUT_INVALID).
 */
async function readLog(path: string): Promise<string | undefined> {
  const bytes = await readStoreFile(path, Number.MAX_SAFE_INTEGER);
  return bytes === undefined
    ? undefined
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

async function cutTornLine(path: string): Promise<void> {
  const text = await readLog(path);
  if (text === undefined) return;
  if (text === '' || text.endsWith('\n')) return;
  try {
    await truncate(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
  } catch (error) {
    throw writeFailed(path, error);
  }
}

export async function verifyGcLog(path: string): Promise<{ lines: number; tail: string; problems: string[] }> {
  const text = await readLog(path);
  if (text === undefined) return { lines: 0, tail: GC_LOG_GENESIS, problems: [] };
  const problems: string[] = [];
  let prev = GC_LOG_GENESIS;
  const lines = text.split('\n').filter((l) => l !== '');
  lines.forEach((raw, i) => {
    let line: GcLogLine;
    try {
      line = JSON.parse(raw) as GcLogLine;
    } catch {
      problems.push(`line ${i + 1} is not JSON`);
      return;
    }
    const { line_hash, ...rest } = line;
    if (line.seq !== i) problems.push(`line ${i + 1} has seq ${line.seq}, expected ${i}`);
    if (line.prev_line_hash !== prev) problems.push(`line ${i + 1} does not chain to the line before it`);
    let recomputed: string | undefined;
    try {
      recomputed = lineHash(rest);
    } catch {
      recomputed = undefined;
    }
    if (recomputed !== line_hash) problems.push(`line ${i + 1} does not hash to its line_hash`);
    prev = line_hash;
  });
  return { lines: lines.length, tail: prev, problems };
}
