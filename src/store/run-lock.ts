// One holder per run at a time (committers and recovery), with lock generations: the directory
// wal/<run_id>.lock.d/ holds immutable files 000001, 000002, … each naming its creator
// {pid, host, nonce, start, boot}; the highest one is the current lock. Its holder releases it by
// creating <n>.released; a holder that died (this host, this boot, its pid gone or now another
// process) left a stale one. To acquire: read the highest n; when it is released or stale (or
// there is none), create n+1 by link() of a complete temporary file; EEXIST means another
// process moved first: read again. (A release marker whose lock file is gone, which only damage
// leaves, counts as used: the new generation goes above it, so it is not born released.) A live
// holder, one of another host, or a lock file we cannot read means COMMIT_CONFLICT. Nothing is
// ever renamed, replaced or deleted to break a lock.
//
// Why it is exclusive: each generation name is created at most once (link fails with EEXIST),
// by a process that first saw the highest generation below it released or stale; files are
// never removed, so a holder of n stops holding (it released, or it is dead) before any
// generation above n exists. Two processes holding at once would hold n < m, and m was created
// by a process that saw the highest generation below m, n or one above it, released or stale,
// which needs n released or its holder dead: a contradiction. The check after
// creating (no generation above ours) cannot fail under that argument; it is kept as a cheap
// guard against a liveness misjudgment (a pid namespace that reuses our host name).
//
// wal/<run_id>.lock is the lock file of earlier releases, only ever read here: a live holder's
// (or one we cannot judge) means COMMIT_CONFLICT; a dead holder's is ignored, which is safe
// because no current process creates or removes that file (running an older release on the
// same store at the same time is not supported: its own stale-lock breaking races).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, lstat, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RollgateError } from '../core/errors.js';
import type { CrashProbe } from './crash-probe.js';
import { walLockPath, type StoreLayout } from './layout.js';

interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly nonce?: string;
  /** Start time of the process (Linux: /proc/<pid>/stat field 22), to tell a reused pid. */
  readonly start?: string;
  /** Boot id of the host (Linux), to tell a lock left before a reboot. */
  readonly boot?: string;
}

export interface RunLock {
  /** The generation file this process holds. */
  readonly path: string;
  release(): Promise<void>;
}

export type LockAttempt =
  { readonly acquired: true; readonly lock: RunLock } | { readonly acquired: false; readonly holder: string };

const MAX_ATTEMPTS = 64;
const RELEASED = '.released';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readProcText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name), when there is one. */
export function processStartTime(pid: number): string | undefined {
  const stat = readProcText(`/proc/${pid}/stat`);
  return stat === undefined ? undefined : stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

const BOOT_ID = readProcText('/proc/sys/kernel/random/boot_id');

function ownHolder(): LockHolder {
  const start = processStartTime(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(12).toString('hex'),
    ...(start === undefined ? {} : { start }),
    ...(BOOT_ID === undefined ? {} : { boot: BOOT_ID }),
  };
}

export function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<Record<keyof LockHolder, unknown>>;
    const optional = (x: unknown) => x === undefined || typeof x === 'string';
    if (typeof v !== 'object' || v === null || !Number.isSafeInteger(v.pid) || (v.pid as number) <= 0) return undefined;
    if (typeof v.host !== 'string' || !optional(v.nonce) || !optional(v.start) || !optional(v.boot)) return undefined;
    return v as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * Whether a holder is certainly gone: on this host, and from an earlier boot, or with a pid
 * that no longer runs or now runs another process. Anything we cannot judge counts as alive.
 */
export function isHolderGone(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.boot !== undefined && BOOT_ID !== undefined && holder.boot !== BOOT_ID) return true;
  if (!isProcessAlive(holder.pid)) return true;
  const start = holder.start === undefined ? undefined : processStartTime(holder.pid);
  return start !== undefined && start !== holder.start;
}

const describeHolder = (h: LockHolder, path: string) => `pid ${h.pid} on ${h.host} (${path})`;

/** The directory of a run's lock generations. */
export function runLockDir(layout: StoreLayout, runId: string): string {
  return `${walLockPath(layout, runId)}.d`;
}

export function generationName(n: number): string {
  return String(n).padStart(6, '0');
}

/** The generation a file name stands for, when it is one (canonical: at least 6 digits, no extra zeros). */
export function generationOf(name: string): number | undefined {
  const n = /^\d{6,}$/.test(name) ? Number(name) : NaN;
  return Number.isSafeInteger(n) && n > 0 && generationName(n) === name ? n : undefined;
}

/**
 * The highest generation n (a lock file; 0 when there is none), whether it is released, and the
 * generation to create next: above n and above every release marker, so a marker whose lock
 * file is gone (damage) never makes a new generation look released the moment it is created.
 */
async function highestGeneration(dir: string): Promise<{ n: number; released: boolean; next: number }> {
  let n = 0;
  let marked = 0;
  const names = new Set(await readdir(dir));
  for (const name of names) {
    const generation = generationOf(name);
    if (generation !== undefined) n = Math.max(n, generation);
    else if (name.endsWith(RELEASED)) marked = Math.max(marked, generationOf(name.slice(0, -RELEASED.length)) ?? 0);
  }
  return { n, released: names.has(generationName(n) + RELEASED), next: Math.max(n, marked) + 1 };
}

/** Undefined when generation n no longer holds (released or stale); else who holds it. */
async function holderOf(dir: string, n: number, released: boolean): Promise<string | undefined> {
  const path = join(dir, generationName(n));
  if (released) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return `an unreadable lock ${path} (${(error as NodeJS.ErrnoException).code})`;
  }
  const holder = parseHolder(text);
  if (holder === undefined) return `a malformed lock ${path}`;
  if (!isHolderGone(holder)) return describeHolder(holder, path);
  // The holder may have released after we listed: either way it no longer holds.
  return undefined;
}

/** Creates generation n with its content already complete; false when it exists already. */
async function createGeneration(dir: string, n: number, holder: LockHolder): Promise<boolean> {
  const name = generationName(n);
  const temp = join(dir, `.${name}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, JSON.stringify(holder), { flag: 'wx' });
  try {
    await link(temp, join(dir, name));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

async function markReleased(dir: string, n: number): Promise<void> {
  await writeFile(join(dir, generationName(n) + RELEASED), '', { flag: 'wx' }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
}

/** Who holds the legacy lock file of earlier releases, or undefined when nobody does. */
async function legacyHolder(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : `an unreadable lock ${path} (${code})`;
  }
  const holder = parseHolder(text);
  if (holder === undefined) return `a malformed lock ${path}`;
  return isHolderGone(holder) ? undefined : describeHolder(holder, path);
}

async function lockDirOf(layout: StoreLayout, runId: string): Promise<string> {
  const dir = runLockDir(layout, runId);
  try {
    await mkdir(dir, { recursive: true });
    if ((await lstat(dir)).isDirectory()) return dir;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
  }
  throw new RollgateError('STORE_LAYOUT_INVALID', `${dir}: the run's lock directory is not a directory`, {
    diagnostics: { run_id: runId, path: dir },
  });
}

/** One attempt to take the run's lock, without waiting: a live holder is reported, not awaited. */
export async function tryRunLock(layout: StoreLayout, runId: string, probe: CrashProbe): Promise<LockAttempt> {
  const dir = await lockDirOf(layout, runId);
  probe('lock:acquire');
  const self = ownHolder();
  // Checked first too, so a lock of an earlier release does not make us add generations.
  const legacy = await legacyHolder(walLockPath(layout, runId));
  if (legacy !== undefined) return { acquired: false, holder: legacy };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { n, released, next } = await highestGeneration(dir);
    const holder = n === 0 ? undefined : await holderOf(dir, n, released);
    if (holder !== undefined) return { acquired: false, holder };
    if (!(await createGeneration(dir, next, self))) continue;
    const path = join(dir, generationName(next));
    const after = await highestGeneration(dir);
    const blocker =
      after.n !== next
        ? `a later lock generation ${generationName(after.n)}`
        : await legacyHolder(walLockPath(layout, runId));
    if (blocker !== undefined) {
      await markReleased(dir, next);
      return { acquired: false, holder: blocker };
    }
    return {
      acquired: true,
      lock: {
        path,
        release: async () => {
          probe('lock:release');
          await markReleased(dir, next);
        },
      },
    };
  }
  return { acquired: false, holder: `processes that kept taking ${dir} (${MAX_ATTEMPTS} attempts)` };
}

export function lockConflict(runId: string, holder: string): RollgateError {
  return new RollgateError('COMMIT_CONFLICT', `run ${runId} is locked by ${holder}`, {
    diagnostics: { run_id: runId },
  });
}

/** Runs body holding the run's lock; a lock held by a live process is COMMIT_CONFLICT. */
export async function withRunLock<T>(
  layout: StoreLayout,
  runId: string,
  probe: CrashProbe,
  body: () => Promise<T>,
): Promise<T> {
  const attempt = await tryRunLock(layout, runId, probe);
  if (!attempt.acquired) throw lockConflict(runId, attempt.holder);
  let result: T;
  try {
    result = await body();
  } catch (error) {
    // The body's error is the one to report; an unreleased lock goes stale when we exit.
    await attempt.lock.release().catch(() => undefined);
    throw error;
  }
  await attempt.lock.release();
  return result;
}
