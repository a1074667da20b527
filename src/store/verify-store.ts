// `rollgate verify`: recomputes every object hash, every WAL chain, every commit pointer and
// every step-head chain, read-only, and lists every finding with its code. Every file of the
// layout (DESIGN 5) is checked for its type and its name before its content, and each problem
// is a finding: a damaged store is reported in full, never aborted on (nothing is opened that
// is not a regular file, so a FIFO cannot block it either).
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHex, toHex } from '../core/bytes.js';
import { decodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest, parseDigest, sha256 } from '../core/digest.js';
import type { ErrorCode } from '../core/error-codes.js';
import { RollgateError, compareText } from '../core/errors.js';
import { temporaryWriterPid } from './atomic-write.js';
import type { CommitPointer } from './commit-pointer.js';
import { verifyGcLog } from './gc-log.js';
import { assertRunId, objectPath } from './layout.js';
import { readdirIfPresent, type ObjectStore } from './object-store.js';
import { readBytesIfPresent } from '../util/read-text.js';
import { checkCommittedWal, readPointerFile, verifyFinalize, verifyPointerObjects } from './recovery.js';
import { generationOf, isProcessAlive, parseHolder } from './run-lock.js';
import { readEventsLog, readState } from './state-file.js';
import { loadHead, readStepHead, verifyChain, type ObjectReader } from './step-heads.js';
import { checkWal, readStoreFile, readWal, type WalRecord } from './wal.js';

export interface StoreFinding {
  readonly code: ErrorCode;
  readonly severity: 'error' | 'warning';
  readonly subject: string;
  readonly message: string;
}

export interface StoreVerifyReport {
  readonly state_dir: string;
  readonly ok: boolean;
  readonly objects_checked: number;
  readonly runs_checked: number;
  readonly pointers_checked: number;
  readonly step_heads_checked: number;
  readonly findings: readonly StoreFinding[];
}

/** Run ids that have a WAL, a pointer or step heads in the store, sorted. */
export async function listRuns(store: ObjectStore): Promise<string[]> {
  const runs = new Set<string>();
  for (const name of await readdirIfPresent(store.layout.wal)) if (name.endsWith('.wal')) runs.add(name.slice(0, -4));
  for (const name of await readdirIfPresent(store.layout.commits)) runs.add(name);
  for (const name of await readdirIfPresent(store.layout.steps)) runs.add(name);
  return [...runs].sort(compareText);
}

/** 'file', 'dir', or what else an entry is, in words. */
type Kind = string;
interface Entry {
  readonly name: string;
  readonly kind: Kind;
}

function kindOf(x: Dirent | Stats): Kind {
  if (x.isFile()) return 'file';
  if (x.isDirectory()) return 'dir';
  if (x.isSymbolicLink()) return 'a symbolic link';
  if (x.isFIFO()) return 'a FIFO';
  return x.isSocket() ? 'a socket' : 'a device';
}

const inWords = (kind: Kind) => (kind === 'file' ? 'a file' : kind === 'dir' ? 'a directory' : kind);
const HEX2_RE = /^[0-9a-f]{2}$/;
const HEX62_RE = /^[0-9a-f]{62}$/;
const STEP_RE = /^(0|[1-9]\d{0,8})$/;
const BLUEPRINT_RE = /^[A-Za-z0-9._-]+$/;
/** How many bytes of objects one verify keeps in memory to read each only once. */
const CACHE_BYTES = 256 * 1024 * 1024;

function isRunId(name: string): boolean {
  try {
    assertRunId(name);
    return true;
  } catch {
    return false;
  }
}

class Checker {
  readonly findings: StoreFinding[] = [];
  readonly reader: ObjectReader;

  constructor(readonly store: ObjectStore) {
    // Objects are read only when they are regular files: chains never open a FIFO or follow a link.
    const checked = async (digest: Uint8Array) => {
      const path = objectPath(store.layout, digest);
      const kind = await lstat(path).then(kindOf, () => 'file');
      if (kind !== 'file')
        throw new RollgateError('STORE_LAYOUT_INVALID', `${path}: object ${formatDigest(digest)} is ${inWords(kind)}`);
    };
    // Every step head's chain is verified, and each repeats the chains below it: each object is
    // read, hashed and decoded once per verify (its outcome, an error too, kept), not once per
    // chain that reaches it, which made verify quadratic in a run's steps. What is kept is
    // bounded: past CACHE_BYTES of objects, reads go to the store again.
    const bytes = new Map<string, Promise<Uint8Array>>();
    const values = new Map<string, Promise<CborValue>>();
    let kept = 0;
    const once = <T>(cache: Map<string, Promise<T>>, digest: Uint8Array, read: () => Promise<T>): Promise<T> => {
      const name = toHex(digest);
      const known = cache.get(name);
      if (known) return known;
      const result = read();
      if (kept < CACHE_BYTES) cache.set(name, result);
      return result;
    };
    const get = (digest: Uint8Array) =>
      once(bytes, digest, async () => {
        await checked(digest);
        const read = await store.get(digest);
        kept += read.length;
        return read;
      });
    this.reader = {
      get,
      getValue: (digest) => once(values, digest, async () => decodeCanonical(await get(digest))),
    };
  }

  add(code: ErrorCode, subject: string, message: string, severity: StoreFinding['severity'] = 'error'): void {
    this.findings.push({ code, severity, subject, message });
  }

  /** Runs a check; what it throws becomes a finding on `subject` (our bugs too, as INTERNAL_ERROR). */
  async attempt<T>(subject: string | ((e: RollgateError) => string), check: () => Promise<T>): Promise<T | undefined> {
    try {
      return await check();
    } catch (error) {
      if (error instanceof RollgateError)
        this.add(error.code, typeof subject === 'string' ? subject : subject(error), error.message);
      else {
        const errno = (error as NodeJS.ErrnoException).code;
        const where = typeof subject === 'string' ? subject : 'store';
        if (typeof errno === 'string') this.add('FILE_READ_FAILED', where, `cannot read (${errno})`);
        else this.add('INTERNAL_ERROR', where, error instanceof Error ? error.message : String(error));
      }
      return undefined;
    }
  }

  /**
   * A directory's entries, sorted; undefined when it is absent; null when it cannot be listed
   * (something other than a directory, or unreadable: a finding).
   */
  async list(path: string, subject: string): Promise<Entry[] | undefined | null> {
    const kind = await lstat(path).then(kindOf, (e: NodeJS.ErrnoException) =>
      e.code === 'ENOENT' ? undefined : 'dir',
    );
    if (kind === undefined) return undefined;
    if (kind !== 'dir') {
      this.add('STORE_LAYOUT_INVALID', subject, `is ${inWords(kind)}, not a directory`);
      return null;
    }
    const entries = await this.attempt(subject, () => readdir(path, { withFileTypes: true }));
    if (entries === undefined) return null;
    return entries.map((d) => ({ name: d.name, kind: kindOf(d) })).sort((a, b) => compareText(a.name, b.name));
  }

  unexpected(subject: string, entry: Entry, what: string): void {
    this.add('STORE_LAYOUT_INVALID', subject, `${inWords(entry.kind)} that is not ${what}`);
  }

  /** True for a regular file; anything else is a finding. */
  isFile(subject: string, entry: Entry): boolean {
    if (entry.kind === 'file') return true;
    this.add('STORE_LAYOUT_INVALID', subject, `is ${inWords(entry.kind)}, not a file`);
    return false;
  }

  /** True for a temporary file of an atomic write (a dead writer's is a warning: recover removes it). */
  isTemporary(subject: string, entry: Entry): boolean {
    const pid = temporaryWriterPid(entry.name);
    if (pid === undefined) return false;
    if (pid !== process.pid && !isProcessAlive(pid))
      this.add(
        'STORE_LAYOUT_INVALID',
        subject,
        `temporary file of a writer that died (pid ${pid}): \`rollgate recover\` removes it`,
        'warning',
      );
    return true;
  }
}

interface RunFiles {
  wal?: Kind;
  pointer?: Kind;
  steps: number[];
}

export async function verifyStore(store: ObjectStore): Promise<StoreVerifyReport> {
  const c = new Checker(store);
  const { layout } = store;
  let objects = 0;
  const runs = new Map<string, RunFiles>();
  const counts = { pointers: 0, heads: 0 };
  const rootKind = await stat(layout.root).then(kindOf, () => undefined);
  if (rootKind === undefined) c.add('FILE_NOT_FOUND', '.', `there is no state directory at ${layout.root}`);
  else if (rootKind !== 'dir')
    c.add('STORE_LAYOUT_INVALID', '.', `${layout.root} is ${inWords(rootKind)}, not a directory`);
  else {
    objects = await checkObjects(c);
    await scanRuns(c, runs);
    for (const [runId, files] of [...runs].sort(([a], [b]) => compareText(a, b)))
      await checkRun(c, runId, files, counts);
    await checkGc(c);
    await checkStateFiles(c);
  }
  c.findings.sort(
    (a, b) => compareText(a.subject, b.subject) || compareText(a.code, b.code) || compareText(a.message, b.message),
  );
  return {
    state_dir: layout.root,
    ok: c.findings.every((f) => f.severity !== 'error'),
    objects_checked: objects,
    runs_checked: runs.size,
    pointers_checked: counts.pointers,
    step_heads_checked: counts.heads,
    findings: c.findings,
  };
}

/** objects/sha256/<2 hex>/<62 hex>, each hashing to its name. */
async function checkObjects(c: Checker): Promise<number> {
  const { layout } = c.store;
  for (const e of (await c.list(join(layout.root, 'objects'), 'objects')) ?? [])
    if (e.name !== 'sha256') c.unexpected(`objects/${e.name}`, e, 'sha256/');
  let count = 0;
  for (const prefix of (await c.list(layout.objects, 'objects/sha256')) ?? []) {
    const dir = `objects/sha256/${prefix.name}`;
    if (!HEX2_RE.test(prefix.name) || prefix.kind !== 'dir') {
      c.unexpected(dir, prefix, 'a directory named by two hex digits');
      continue;
    }
    for (const e of (await c.list(join(layout.objects, prefix.name), dir)) ?? []) {
      const subject = `${dir}/${e.name}`;
      if (c.isTemporary(subject, e)) continue;
      if (!HEX62_RE.test(e.name)) {
        c.unexpected(subject, e, 'an object named by the rest of its SHA-256');
        continue;
      }
      count++;
      const digest = fromHex(prefix.name + e.name);
      if (c.isFile(subject, e)) await c.attempt(formatDigest(digest), () => c.reader.get(digest));
    }
  }
  return count;
}

/** Which runs have a WAL, a pointer, step heads; each name and type checked against the layout. */
async function scanRuns(c: Checker, runs: Map<string, RunFiles>): Promise<void> {
  const { layout } = c.store;
  const run = (id: string) => runs.get(id) ?? runs.set(id, { steps: [] }).get(id)!;
  // A directory we cannot list hides what each run has there: unknown, not absent.
  const unlisted: Array<(files: RunFiles) => void> = [];
  const walEntries = await c.list(layout.wal, 'wal');
  if (walEntries === null) unlisted.push((files) => (files.wal ??= 'unlisted'));
  for (const e of walEntries ?? []) {
    const subject = `wal/${e.name}`;
    if (c.isTemporary(subject, e)) continue;
    const match = /^(.+?)(\.wal|\.lock\.d|\.lock)$/.exec(e.name);
    if (!match || !isRunId(match[1]!)) c.unexpected(subject, e, 'a WAL or run lock named by a run id');
    else if (match[2] === '.wal') {
      run(match[1]!).wal = e.kind;
      c.isFile(subject, e);
    } else if (match[2] === '.lock') c.isFile(subject, e);
    else await checkLockDir(c, join(layout.wal, e.name), subject);
  }
  for (const [top, root] of [
    ['commits', layout.commits],
    ['steps', layout.steps],
  ] as const) {
    const dirs = await c.list(root, top);
    if (dirs === null && top === 'commits') unlisted.push((files) => (files.pointer ??= 'unlisted'));
    for (const dir of dirs ?? []) {
      if (!isRunId(dir.name) || dir.kind !== 'dir') {
        c.unexpected(`${top}/${dir.name}`, dir, 'a directory named by a run id');
        continue;
      }
      const files = run(dir.name);
      for (const e of (await c.list(join(root, dir.name), `${top}/${dir.name}`)) ?? []) {
        const subject = `${top}/${dir.name}/${e.name}`;
        if (c.isTemporary(subject, e)) continue;
        if (top === 'commits' && e.name === 'COMMITTED') {
          files.pointer = e.kind;
          c.isFile(subject, e);
        } else if (top === 'steps' && STEP_RE.test(e.name)) {
          if (c.isFile(subject, e)) files.steps.push(Number(e.name));
        } else c.unexpected(subject, e, top === 'commits' ? 'the COMMITTED pointer' : 'a step head named by its index');
      }
    }
  }
  for (const files of runs.values()) for (const mark of unlisted) mark(files);
}

/** wal/<run>.lock.d: lock generations {pid, host, …} and their release markers (run-lock.ts). */
async function checkLockDir(c: Checker, dir: string, subject: string): Promise<void> {
  const entries = (await c.list(dir, subject)) ?? [];
  const names = new Set(entries.map((e) => e.name));
  for (const e of entries) {
    const at = `${subject}/${e.name}`;
    if (c.isTemporary(at, e)) continue;
    const released = e.name.endsWith('.released');
    const generation = released ? e.name.slice(0, -'.released'.length) : e.name;
    if (generationOf(generation) === undefined) c.unexpected(at, e, 'a lock generation or its release marker');
    else if (released && !names.has(generation))
      c.add(
        'STORE_LAYOUT_INVALID',
        at,
        `releases lock generation ${generation}, which is not there (deleted): the next lock is taken above it`,
        'warning',
      );
    else if (c.isFile(at, e) && !released) {
      const bytes = await c.attempt(at, () => readStoreFile(join(dir, e.name), 4096));
      if (bytes && parseHolder(Buffer.from(bytes).toString('utf8')) === undefined)
        c.add(
          'STORE_LAYOUT_INVALID',
          at,
          'is not a lock generation {pid, host}: it blocks the run; if no rollgate process uses the run, create the .released file beside it',
        );
    }
  }
}

async function checkRun(c: Checker, runId: string, files: RunFiles, counts: { pointers: number; heads: number }) {
  const walSubject = `wal/${runId}.wal`;
  const pointerSubject = `commits/${runId}/COMMITTED`;
  // A pointer in any form means the run was committed: its WAL gets nothing after that.
  const committed = files.pointer !== undefined;
  if (committed) counts.pointers++;
  const pointer =
    files.pointer === 'file' ? await c.attempt(pointerSubject, () => readPointerFile(c.store, runId)) : undefined;
  let records: readonly WalRecord[] | undefined = [];
  if (files.wal !== undefined) {
    const parsed =
      files.wal === 'file'
        ? await c.attempt(walSubject, async () => checkWal(await readWal(c.store.layout, runId), runId, committed))
        : undefined;
    records = parsed?.records;
    if (parsed?.tornTail)
      c.add('WAL_CORRUPTION', walSubject, 'torn tail after the last good record: run `rollgate recover`', 'warning');
  }
  if (pointer) await checkPointer(c, runId, pointer, records);
  const last = records?.[records.length - 1];
  if (!committed && last && last.record_type !== 'ROLLBACK') {
    c.add(
      'COMMIT_CONFLICT',
      walSubject,
      `commit interrupted after ${last.record_type}: run \`rollgate recover\``,
      'warning',
    );
    if (last.record_type === 'FINALIZE') await c.attempt(walSubject, () => verifyFinalize(c.reader, last));
  }
  // Highest step first: a head whose chain another verified chain holds was verified with it
  // (every check of a chain holds for each of its prefixes), so only its own run and step are
  // checked. Verifying every step head's chain in full was quadratic in the run's steps.
  const verified = new Set<string>();
  for (const n of files.steps.sort((a, b) => b - a)) {
    counts.heads++;
    const subject = `steps/${runId}/${n}`;
    await c.attempt(subject, async () => {
      const digest = await readStepHead(c.store, runId, n);
      if (!digest) return;
      // A step head file holds exactly the digest and a newline; other bytes that still read as
      // the same digest (a flipped newline, added blanks) are damage too, if harmless.
      const bytes = await readStoreFile(join(c.store.layout.steps, runId, String(n)), 4096);
      if (bytes && Buffer.from(bytes).toString('latin1') !== `${formatDigest(digest)}\n`)
        c.add(
          'STEP_HEAD_INVALID',
          subject,
          'is not exactly a digest and a newline, as rollgate writes it (it still names a head)',
          'warning',
        );
      const head = await loadHead(c.reader, digest);
      if (head.run_id !== runId || head.step_index !== n)
        throw new RollgateError(
          'STEP_HEAD_INVALID',
          `${subject} names ${formatDigest(digest)}, the head of step ${head.step_index} of run ${head.run_id}`,
        );
      if (verified.has(toHex(digest))) return;
      const chain = await verifyChain(c.reader, digest);
      verified.add(toHex(digest));
      for (const step of chain) if (step.parent) verified.add(toHex(step.parent));
    });
  }
}

/** A pointer against its WAL (when that is readable) and its objects: one finding at most. */
async function checkPointer(
  c: Checker,
  runId: string,
  pointer: CommitPointer,
  records: readonly WalRecord[] | undefined,
) {
  const subject = (e: RollgateError) =>
    e.code === 'WAL_CORRUPTION' ? `wal/${runId}.wal` : `commits/${runId}/COMMITTED`;
  await c.attempt(subject, async () => {
    if (records) checkCommittedWal(runId, records, pointer);
    await verifyPointerObjects(c.reader, pointer);
  });
}

/** gc/log.jsonl (hash-chained) and gc/pins.json (a list of pins of present objects). */
async function checkGc(c: Checker): Promise<void> {
  const { gc } = c.store.layout;
  for (const e of (await c.list(gc, 'gc')) ?? []) {
    const subject = `gc/${e.name}`;
    if (c.isTemporary(subject, e)) continue;
    if (e.name === 'log.jsonl') {
      if (!c.isFile(subject, e)) continue;
      const log = await c.attempt(subject, () => verifyGcLog(join(gc, e.name)));
      for (const problem of log?.problems ?? []) c.add('GC_LOG_BROKEN', subject, problem);
    } else if (e.name === 'pins.json') {
      if (!c.isFile(subject, e)) continue;
      await c.attempt(subject, async () => {
        const bytes = (await readStoreFile(join(gc, e.name), 16 * 1024 * 1024))!;
        let pins: unknown;
        try {
          pins = JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch {
          pins = undefined;
        }
        // Entries are digests, or objects naming one (gc's reader owns the rest of the format).
        const digestOf = (p: unknown) => (typeof p === 'string' ? p : (p as { digest?: unknown } | null)?.digest);
        if (!Array.isArray(pins) || !pins.every((p) => typeof digestOf(p) === 'string'))
          throw new RollgateError('STORE_LAYOUT_INVALID', `${subject}: not a JSON list of pins`);
        for (const pin of pins) await c.reader.get(parseDigest(digestOf(pin) as string, subject));
      });
    } else c.unexpected(subject, e, 'log.jsonl or pins.json');
  }
}

/** state.json, runtime-events.jsonl, and wasm-artifacts/<blueprint>/<sha>.wasm|.manifest.json. */
async function checkStateFiles(c: Checker): Promise<void> {
  const { layout } = c.store;
  const entry = async (path: string, name: string) =>
    lstat(path).then(
      (s): Entry => ({ name, kind: kindOf(s) }),
      () => undefined,
    );
  const state = await entry(layout.stateJson, 'state.json');
  if (state && c.isFile('state.json', state)) await c.attempt('state.json', () => readState(layout.root));
  const events = await entry(layout.eventsLog, 'runtime-events.jsonl');
  if (events && c.isFile('runtime-events.jsonl', events)) {
    const text = (await c.attempt('runtime-events.jsonl', () => readEventsLog(layout.root))) ?? '';
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '' || isJsonObject(line)) return;
      // Lines are appended whole and fsynced: only an unterminated last one can be a torn append.
      const torn = i === lines.length - 1;
      c.add(
        'STATE_FILE_INVALID',
        'runtime-events.jsonl',
        `line ${i + 1} is not a JSON object${torn ? ' (a torn last line)' : ''}`,
        torn ? 'warning' : 'error',
      );
    });
  }
  for (const blueprint of (await c.list(layout.wasmArtifacts, 'wasm-artifacts')) ?? []) {
    const dir = `wasm-artifacts/${blueprint.name}`;
    if (!BLUEPRINT_RE.test(blueprint.name) || blueprint.kind !== 'dir') {
      c.unexpected(dir, blueprint, 'a directory named by a blueprint');
      continue;
    }
    for (const e of (await c.list(join(layout.wasmArtifacts, blueprint.name), dir)) ?? []) {
      const subject = `${dir}/${e.name}`;
      const match = /^([0-9a-f]{64})\.(wasm|manifest\.json)$/.exec(e.name);
      if (c.isTemporary(subject, e)) continue;
      if (!match) c.unexpected(subject, e, '<sha256>.wasm or <sha256>.manifest.json');
      else if (c.isFile(subject, e))
        await c.attempt(subject, () =>
          checkWasmFile(join(layout.wasmArtifacts, blueprint.name, e.name), match[1]!, match[2]!),
        );
    }
  }
}

function isJsonObject(line: string): boolean {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

async function checkWasmFile(path: string, hex: string, kind: string): Promise<void> {
  const bytes = (await readBytesIfPresent(path, 'wasm')) ?? new Uint8Array();
  if (kind === 'wasm') {
    if (toHex(sha256(bytes)) !== hex)
      throw new RollgateError('STORE_OBJECT_CORRUPT', `${path}: bytes do not hash to ${hex}`);
    return;
  }
  let manifest: { artifact_sha256?: unknown } | undefined;
  try {
    manifest = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof manifest;
  } catch {
    manifest = undefined;
  }
  if (manifest?.artifact_sha256 !== hex)
    throw new RollgateError('WASM_MANIFEST_INVALID', `${path}: not the manifest of the artifact ${hex}`);
}
