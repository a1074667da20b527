// One committer per run at a time: wal/<run_id>.lock, created with O_EXCL, names its holder.
// A lock left by a process that died on this host is broken (renamed away, then removed) so
// a crash never blocks the next commit; a live holder, or a lock of another host, means
// COMMIT_CONFLICT.
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { RollgateError } from '../core/errors.js';
import type { CrashProbe } from './crash-probe.js';
import { walLockPath, type StoreLayout } from './layout.js';

interface LockHolder {
  readonly pid: number;
  readonly host: string;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string'
      ? { pid: value.pid, host: value.host }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A lock whose holder is gone: on this host, with a pid that no longer runs. */
export async function isStaleLock(path: string): Promise<boolean> {
  const holder = await readHolder(path);
  return holder !== undefined && holder.host === hostname() && !isProcessAlive(holder.pid);
}

/**
 * The lock appears with its content already written (a complete temporary file hard-linked
 * into place), so no one can ever read a half-written lock and take it for a stale one.
 */
async function tryAcquire(path: string): Promise<boolean> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, JSON.stringify({ pid: process.pid, host: hostname() }), { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

export async function breakStaleLock(path: string): Promise<boolean> {
  if (!(await isStaleLock(path))) return false;
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  await unlink(aside);
  return true;
}

export async function withRunLock<T>(
  layout: StoreLayout,
  runId: string,
  probe: CrashProbe,
  body: () => Promise<T>,
): Promise<T> {
  const path = walLockPath(layout, runId);
  await mkdir(layout.wal, { recursive: true });
  probe('lock:acquire');
  let acquired = await tryAcquire(path);
  if (!acquired && (await breakStaleLock(path))) acquired = await tryAcquire(path);
  if (!acquired) {
    const holder = await readHolder(path);
    throw new RollgateError(
      'COMMIT_CONFLICT',
      `run ${runId} is being committed by ${holder ? `pid ${holder.pid} on ${holder.host}` : 'another process'}`,
      {
        diagnostics: { run_id: runId },
      },
    );
  }
  try {
    return await body();
  } finally {
    probe('lock:release');
    await unlink(path).catch(() => undefined);
  }
}
