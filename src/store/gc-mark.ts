// The mark phase of `rollgate gc` (DESIGN 5). It reads every root (golden pins, each run's step
// head files, COMMITTED pointer and WAL FINALIZE records) and reads and verifies every object
// each root reaches. Whatever it cannot read or verify stops gc with GC_MARK_INCOMPLETE before
// the log is written or anything deleted: an object behind a root it cannot see past would
// otherwise look unreachable and be swept. Symbolic links where gc deletes are refused
// (STORE_LAYOUT_INVALID): the sweep never reaches out of the store through one.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError, compareText } from '../core/errors.js';
import { readFailed } from './fs-error.js';
import { readPins, type Pin } from './gc-pins.js';
import { DecodedOnce } from './memory-objects.js';
import type { ObjectStore } from './object-store.js';
import { readPointer } from './pointer-file.js';
import { pointerFromFinalize } from './recovery.js';
import type { GcPin, GcRun } from './retention.js';
import { reachableFrom, readStepHead, type ObjectReader } from './step-heads.js';
import { listRuns } from './verify-store.js';
import { readWal } from './wal.js';

export interface GcMark {
  readonly runs: readonly GcRun[];
  readonly pins: readonly GcPin[];
  readonly reachable: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every object file in the store, listed before the mark, with its age. */
  readonly objects: ReadonlyArray<{ readonly digest: string; readonly age_seconds: number }>;
}

interface Root {
  readonly digest: string;
  /** head: a step head, which reaches its chain; object: a leaf (a certificate); pin: either. */
  readonly kind: 'head' | 'object' | 'pin';
  /** Where it was found, for the message that stops gc. */
  readonly source: string;
}

const HEX2_RE = /^[0-9a-f]{2}$/;
const HEX62_RE = /^[0-9a-f]{62}$/;
const VERIFY_CONCURRENCY = 16;

export async function markStore(store: ObjectStore, now: number): Promise<GcMark> {
  await refuseLinks(store);
  // Objects are listed before any root is read: one written during the mark is not swept.
  const objects = await listObjects(store, now);
  const pins = await marking('gc/pins.json', () => readPins(store));
  const roots: Root[] = pins.map((p) => ({ digest: p.digest, kind: 'pin', source: `golden pin ${p.digest}` }));
  const runs: GcRun[] = [];
  for (const runId of await marking('the run list', () => listRuns(store))) {
    const { run, runRoots } = await marking(`run ${runId}`, () => gatherRun(store, runId, now));
    runs.push(run);
    roots.push(...runRoots);
  }
  const reachable = new Map<string, ReadonlySet<string>>();
  const reachedFrom = new Map<string, string>();
  // Roots share their chains (each step head reaches every head below it): each head and trace
  // is decoded once, not once per root that reaches it.
  const reader = new DecodedOnce(store);
  // Heads first: a digest named both as a head and as a leaf reaches its chain.
  for (const root of [...roots].sort((a, b) => Number(a.kind === 'object') - Number(b.kind === 'object'))) {
    if (reachable.has(root.digest)) continue;
    const reached = await marking(root.source, () => reach(reader, root));
    reachable.set(root.digest, reached);
    for (const digest of reached) if (!reachedFrom.has(digest)) reachedFrom.set(digest, root.source);
  }
  // Every object a root reaches must be there and hash to its name.
  const pending = [...reachedFrom.keys()].sort(compareText);
  const worker = async () => {
    for (let digest = pending.pop(); digest !== undefined; digest = pending.pop()) {
      const d = digest;
      await marking(reachedFrom.get(d)!, () => store.get(parseDigest(d)));
    }
  };
  await Promise.all(Array.from({ length: VERIFY_CONCURRENCY }, worker));
  return {
    runs,
    pins: pins.map((p: Pin) => ({ digest: p.digest, age_seconds: now - p.pinned_at })),
    reachable,
    objects,
  };
}

async function reach(store: ObjectReader, root: Root): Promise<ReadonlySet<string>> {
  const digest = parseDigest(root.digest);
  if (root.kind === 'object') return new Set([root.digest]);
  if (root.kind === 'pin') {
    // A pin names a step head, or any other object pinned by its digest (a leaf).
    const value = await store.getValue(digest);
    if (!(typeof value === 'object' && value !== null && 'head_version' in value)) return new Set([root.digest]);
  }
  return reachableFrom(store, digest);
}

async function gatherRun(store: ObjectStore, runId: string, now: number): Promise<{ run: GcRun; runRoots: Root[] }> {
  const roots: Root[] = [];
  const times: number[] = [];
  const stepsDir = join(store.layout.steps, runId);
  for (const name of await readdirIfPresent(stepsDir)) {
    if (!/^\d+$/.test(name)) continue;
    const file = `steps/${runId}/${name}`;
    const head = await marking(`run ${runId}: ${file}`, async () => {
      // Only a regular file is read: a FIFO there would block gc, a link to /dev/zero never end.
      await assertFile(join(stepsDir, name));
      return readStepHead(store, runId, Number(name));
    });
    if (head) roots.push({ digest: formatDigest(head), kind: 'head', source: `run ${runId}: step head ${file}` });
    times.push(...(await mtime(join(stepsDir, name))));
  }
  const pointerFile = `commits/${runId}/COMMITTED`;
  const pointer = await marking(`run ${runId}: ${pointerFile}`, () => readPointer(store, runId));
  let certified = false;
  if (pointer) {
    if (pointer.run_id !== runId) {
      throw new RollgateError('COMMIT_POINTER_MISMATCH', `${pointerFile} names run ${pointer.run_id}`);
    }
    roots.push({
      digest: formatDigest(pointer.head_hash),
      kind: 'head',
      source: `run ${runId}: head named by ${pointerFile}`,
    });
    if (pointer.execution_certificate_hash) {
      certified = true;
      roots.push({
        digest: formatDigest(pointer.execution_certificate_hash),
        kind: 'object',
        source: `run ${runId}: certificate named by ${pointerFile}`,
      });
    }
    times.push(...(await mtime(join(store.layout.commits, runId, 'COMMITTED'))));
  }
  // A FINALIZE record commits the run even before its pointer is published (recovery publishes
  // it): its head and certificate are roots, and a bound certificate makes the run certified.
  const walFile = `wal/${runId}.wal`;
  const wal = await marking(`run ${runId}: ${walFile}`, () => readWal(store.layout, runId));
  for (const record of wal.records) {
    if (record.record_type !== 'FINALIZE') continue;
    const bound = pointerFromFinalize(record);
    if (
      !isDigestBytes(bound.head_hash) ||
      !(bound.execution_certificate_hash === null || isDigestBytes(bound.execution_certificate_hash))
    ) {
      throw new RollgateError('WAL_CORRUPTION', `${walFile}: FINALIZE record ${record.wal_seq} binds no head`);
    }
    const source = `run ${runId}: FINALIZE record ${record.wal_seq} of ${walFile}`;
    roots.push({ digest: formatDigest(bound.head_hash), kind: 'head', source: `${source} (head)` });
    if (bound.execution_certificate_hash) {
      certified = true;
      roots.push({
        digest: formatDigest(bound.execution_certificate_hash),
        kind: 'object',
        source: `${source} (certificate)`,
      });
    }
  }
  if (wal.records.length > 0 || wal.tornTail) times.push(...(await mtime(join(store.layout.wal, `${runId}.wal`))));
  const unique = new Map<string, Root>();
  for (const root of roots) if (!unique.has(root.digest)) unique.set(root.digest, root);
  return {
    run: { run_id: runId, certified, age_seconds: now - Math.max(0, ...times), roots: [...unique.keys()] },
    runRoots: [...unique.values()],
  };
}

const isDigestBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array && value.length === 32;

/** Runs a read of the mark phase; anything it cannot read or verify stops gc, naming where. */
async function marking<T>(subject: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof RollgateError && error.code === 'GC_MARK_INCOMPLETE') throw error;
    const errno = (error as NodeJS.ErrnoException | undefined)?.code;
    const what =
      error instanceof RollgateError
        ? `${error.code}: ${error.message}`
        : typeof errno === 'string'
          ? `cannot read ${(error as NodeJS.ErrnoException).path ?? ''} (${errno})`
          : undefined;
    // Anything else is a rollgate bug: it still stops gc before anything is deleted.
    if (what === undefined) throw error;
    throw new RollgateError('GC_MARK_INCOMPLETE', `gc deleted nothing: ${subject}: ${what}`, {
      diagnostics: { subject, cause: error instanceof RollgateError ? error.code : String(errno) },
      cause: error,
    });
  }
}

/** mtime of a file in epoch seconds, or none when it went away meanwhile. */
async function mtime(path: string): Promise<number[]> {
  try {
    return [Math.floor((await lstat(path)).mtimeMs / 1000)];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readdirIfPresent(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort(compareText);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function linkRefused(path: string): RollgateError {
  return new RollgateError(
    'STORE_LAYOUT_INVALID',
    `${path} is a symbolic link: gc deletes nothing through links; replace it with the directory it points to`,
    { diagnostics: { path } },
  );
}

/** A file gc reads must be a regular one; absent is left to the reader. */
async function assertFile(path: string): Promise<void> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw readFailed(path, error);
  });
  if (stats && !stats.isFile()) {
    if (stats.isSymbolicLink()) throw linkRefused(path);
    throw new RollgateError('STORE_LAYOUT_INVALID', `${path} is not a regular file`, { diagnostics: { path } });
  }
}

/** A directory gc reads or deletes in must be one, not a link to somewhere else. */
async function assertDirectory(path: string): Promise<boolean> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw readFailed(path, error);
  }
  if (stats.isSymbolicLink()) throw linkRefused(path);
  if (!stats.isDirectory()) {
    throw new RollgateError('STORE_LAYOUT_INVALID', `${path} is not a directory`, { diagnostics: { path } });
  }
  return true;
}

async function refuseLinks(store: ObjectStore): Promise<void> {
  const { layout } = store;
  await assertDirectory(join(layout.root, 'objects'));
  for (const dir of [layout.objects, layout.steps, layout.commits, layout.wal, layout.gc]) await assertDirectory(dir);
  for (const parent of [layout.steps, layout.commits])
    for (const run of await readdirIfPresent(parent)) await assertDirectory(join(parent, run));
  for (const name of ['log.jsonl', 'pins.json']) {
    const stats = await lstat(join(layout.gc, name)).catch(() => undefined);
    if (stats?.isSymbolicLink()) throw linkRefused(join(layout.gc, name));
  }
}

/** Every object file with its age; anything there that is not a plain file is refused. */
async function listObjects(store: ObjectStore, now: number): Promise<Array<{ digest: string; age_seconds: number }>> {
  const objects: Array<{ digest: string; age_seconds: number }> = [];
  for (const prefix of await readdirIfPresent(store.layout.objects)) {
    if (!HEX2_RE.test(prefix)) continue;
    const dir = join(store.layout.objects, prefix);
    if (!(await assertDirectory(dir))) continue;
    for (const rest of await readdirIfPresent(dir)) {
      if (!HEX62_RE.test(rest)) continue;
      const path = join(dir, rest);
      const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw readFailed(path, error);
      });
      if (!stats) continue;
      if (stats.isSymbolicLink()) throw linkRefused(path);
      if (!stats.isFile()) {
        throw new RollgateError('STORE_LAYOUT_INVALID', `${path} is not a regular file`, { diagnostics: { path } });
      }
      objects.push({ digest: `sha256:${prefix}${rest}`, age_seconds: now - Math.floor(stats.mtimeMs / 1000) });
    }
  }
  return objects;
}
