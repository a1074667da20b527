// The run lock's protocol, one process: generations are created in order and never removed; a
// released or stale generation is superseded, a live, foreign or unreadable one is refused;
// the lock file of earlier releases is only read. test/store/race/ runs it under contention.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRollgateError } from '../../src/core/errors.js';
import { noProbe } from '../../src/store/crash-probe.js';
import {
  generationOf,
  processStartTime,
  runLockDir,
  tryRunLock,
  withRunLock,
  type LockAttempt,
} from '../../src/store/run-lock.js';
import { tempStore } from './fixtures.js';

const DEAD_PID = 999_999_999;

function setup() {
  const { layout } = tempStore();
  const dir = runLockDir(layout, 'run-l');
  mkdirSync(dir, { recursive: true });
  const plant = (name: string, holder: object | string) =>
    writeFileSync(join(dir, name), typeof holder === 'string' ? holder : JSON.stringify(holder));
  return { layout, dir, plant, files: () => readdirSync(dir).sort() };
}

function held(attempt: LockAttempt) {
  if (!attempt.acquired) throw new Error(`expected the lock, got: ${attempt.holder}`);
  return attempt.lock;
}
function refused(attempt: LockAttempt): string {
  if (attempt.acquired) throw new Error(`expected a refusal, got ${attempt.lock.path}`);
  return attempt.holder;
}

describe('run lock', () => {
  it('takes generation 1, refuses while it is held (this process too), takes 2 after release', async () => {
    const { layout, dir, files } = setup();
    const first = held(await tryRunLock(layout, 'run-l', noProbe));
    expect(first.path).toBe(join(dir, '000001'));
    const holder = JSON.parse(readFileSync(first.path, 'utf8')) as Record<string, unknown>;
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    expect(refused(await tryRunLock(layout, 'run-l', noProbe))).toContain(`pid ${process.pid}`);
    await first.release();
    expect(held(await tryRunLock(layout, 'run-l', noProbe)).path).toBe(join(dir, '000002'));
    expect(files()).toEqual(['000001', '000001.released', '000002']);
  });

  it("supersedes a dead holder's generation without removing it", async () => {
    const { layout, dir, plant, files } = setup();
    plant('000007', { pid: DEAD_PID, host: hostname(), nonce: 'x' });
    expect(held(await tryRunLock(layout, 'run-l', noProbe)).path).toBe(join(dir, '000008'));
    expect(files()).toEqual(['000007', '000008']);
  });

  it('a live pid that now runs another process (other start time) is stale', async () => {
    const { layout, plant } = setup();
    plant('000001', { pid: process.pid, host: hostname(), start: 'another' });
    const attempt = await tryRunLock(layout, 'run-l', noProbe);
    if (processStartTime(process.pid) === undefined) expect(attempt.acquired).toBe(false);
    else expect(held(attempt).path).toMatch(/000002$/);
  });

  it('refuses a live holder, a holder of another host, and a lock it cannot read', async () => {
    for (const [holder, says] of [
      [{ pid: process.pid, host: hostname(), start: processStartTime(process.pid) }, `pid ${process.pid}`],
      [{ pid: DEAD_PID, host: 'elsewhere' }, `pid ${DEAD_PID} on elsewhere`],
      ['{"pid":', 'a malformed lock'],
    ] as const) {
      const { layout, plant, files } = setup();
      plant('000001', holder);
      expect(refused(await tryRunLock(layout, 'run-l', noProbe))).toContain(says);
      expect(files()).toEqual(['000001']);
    }
  });

  it('names that are not canonical generations do not count', async () => {
    const { layout, dir, plant } = setup();
    plant('9', { pid: process.pid, host: hostname() });
    plant('0000009', { pid: process.pid, host: hostname() });
    expect(held(await tryRunLock(layout, 'run-l', noProbe)).path).toBe(join(dir, '000001'));
    expect([generationOf('000001'), generationOf('1234567'), generationOf('9'), generationOf('0000009')]).toEqual([
      1,
      1234567,
      undefined,
      undefined,
    ]);
  });

  it("reads the earlier releases' lock file: live refuses, dead is ignored and left alone", async () => {
    const { layout, files } = setup();
    const legacy = join(layout.wal, 'run-l.lock');
    writeFileSync(legacy, JSON.stringify({ pid: process.pid, host: hostname() }));
    expect(refused(await tryRunLock(layout, 'run-l', noProbe))).toContain(legacy);
    expect(files()).toEqual([]);
    writeFileSync(legacy, JSON.stringify({ pid: DEAD_PID, host: hostname() }));
    held(await tryRunLock(layout, 'run-l', noProbe));
    expect(existsSync(legacy)).toBe(true);
  });

  // Found by the fault-injection suite: with 000001 deleted and its 000001.released left, the
  // next lock was created as 000001, released from birth, and a second process took 000002
  // while the first still held it.
  it('a release marker whose lock file is gone: the new generation goes above it and holds', async () => {
    const { layout, dir, plant, files } = setup();
    plant('000001.released', '');
    const first = held(await tryRunLock(layout, 'run-l', noProbe));
    expect(first.path).toBe(join(dir, '000002'));
    expect(refused(await tryRunLock(layout, 'run-l', noProbe))).toContain(`pid ${process.pid}`);
    await first.release();
    expect(held(await tryRunLock(layout, 'run-l', noProbe)).path).toBe(join(dir, '000003'));
    // A marker above a held generation never frees it.
    const { layout: other, dir: otherDir, plant: plantOther } = setup();
    plantOther('000005.released', '');
    const holding = held(await tryRunLock(other, 'run-l', noProbe));
    expect(holding.path).toBe(join(otherDir, '000006'));
    expect(refused(await tryRunLock(other, 'run-l', noProbe))).toContain(`pid ${process.pid}`);
    expect(files()).toEqual(['000001.released', '000002', '000002.released', '000003']);
  });

  it('a lock directory that is a file is STORE_LAYOUT_INVALID', async () => {
    const { layout } = tempStore();
    mkdirSync(layout.wal, { recursive: true });
    writeFileSync(runLockDir(layout, 'run-f'), '');
    await expect(tryRunLock(layout, 'run-f', noProbe)).rejects.toSatisfy((e) =>
      isRollgateError(e, 'STORE_LAYOUT_INVALID'),
    );
  });

  it('withRunLock: a held lock is COMMIT_CONFLICT; the body’s error passes and the lock is released', async () => {
    const { layout, files } = setup();
    await expect(
      withRunLock(layout, 'run-l', noProbe, () =>
        withRunLock(layout, 'run-l', noProbe, () => Promise.resolve('inner')),
      ),
    ).rejects.toSatisfy((e) => isRollgateError(e, 'COMMIT_CONFLICT'));
    await expect(withRunLock(layout, 'run-l', noProbe, () => Promise.reject(new Error('body')))).rejects.toThrow(
      'body',
    );
    expect(await withRunLock(layout, 'run-l', noProbe, () => Promise.resolve(42))).toBe(42);
    expect(files()).toEqual(['000001', '000001.released', '000002', '000002.released', '000003', '000003.released']);
  });
});
