// Crash injection (DESIGN 5): a child commits a run and is SIGKILLed at every probe point of
// the protocol (each named step and every file operation between writes), and at random
// instants; after each kill, recovery and verification must find either the old committed
// state or the new one, never a mix, and never lose a committed run.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/store/object-store.js';
import { readPointer } from '../../../src/store/pointer-file.js';
import { recoverStore } from '../../../src/store/recovery.js';
import { verifyStore } from '../../../src/store/verify-store.js';
import { readWal } from '../../../src/store/wal.js';
import { bundleScript } from '../../helpers/bundle-script.js';

const MIN_KILLS = Number(process.env.CRASH_KILLS ?? '1000');
const SHAPES = [1, 2, 3];
let child: string;
let baseline: string;

interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly ms: number;
}

function runChild(
  stateDir: string,
  steps: number,
  options: { killAt?: number; killAfterMs?: number } = {},
): Promise<ChildExit> {
  const started = performance.now();
  const proc = spawn(process.execPath, [child], {
    env: {
      ...process.env,
      STATE_DIR: stateDir,
      RUN_ID: 'run-new',
      STEPS: String(steps),
      ...(options.killAt === undefined ? {} : { KILL_AT: String(options.killAt) }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer =
    options.killAfterMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), options.killAfterMs);
  return new Promise((done) =>
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, ms: performance.now() - started });
    }),
  );
}

function freshCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-crash-')), '.rollgate');
  cpSync(baseline, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  child = await bundleScript(resolve(import.meta.dirname, 'commit-child.ts'));
  baseline = join(mkdtempSync(join(tmpdir(), 'rollgate-crash-base-')), '.rollgate');
  // The old committed state that every kill must leave intact: run-old, fully committed.
  const old = spawn(process.execPath, [child], {
    env: { ...process.env, STATE_DIR: baseline, RUN_ID: 'run-old', STEPS: '2' },
    stdio: 'ignore',
  });
  expect(await new Promise((done) => old.on('exit', done))).toBe(0);
});

/** Recovers, verifies, and says which state the store is in; retries the commit when asked. */
async function checkAfterCrash(stateDir: string, steps: number, retry: boolean): Promise<'old' | 'new'> {
  const store = new ObjectStore(stateDir);
  await recoverStore(store);
  expect((await verifyStore(store)).findings).toEqual([]);
  expect(await readPointer(store, 'run-old')).toBeDefined();
  const types = (await readWal(store.layout, 'run-new')).records.map((r) => r.record_type);
  if (await readPointer(store, 'run-new')) {
    expect(types[types.length - 1]).toBe('FINALIZE');
    return 'new';
  }
  expect(['ROLLBACK', undefined]).toContain(types[types.length - 1]);
  if (retry) {
    // Nothing is left half-done: the interrupted run commits cleanly after recovery.
    expect((await runChild(stateDir, steps)).code).toBe(0);
    expect(await readPointer(store, 'run-new')).toBeDefined();
    expect((await verifyStore(store)).findings).toEqual([]);
  }
  return 'old';
}

async function pool<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]!();
      }
    }),
  );
  return results;
}

describe('crash recovery', () => {
  it(
    `survives SIGKILL at every probe point and at random instants (at least ${MIN_KILLS} kills)`,
    { timeout: 1_200_000 },
    async () => {
      const points = new Map<number, number>();
      const fullMs = new Map<number, number>();
      for (const steps of SHAPES) {
        const full = await runChild(freshCopy(), steps);
        expect(full.code).toBe(0);
        points.set(steps, Number(full.stdout.trim()));
        fullMs.set(steps, full.ms);
      }
      const randomKills = Math.max(20, Math.floor(MIN_KILLS / 10));
      const jobs: Array<() => Promise<'old' | 'new'>> = [];
      while (jobs.length < MIN_KILLS - randomKills) {
        for (const steps of SHAPES) {
          for (let at = 1; at <= points.get(steps)! && jobs.length < MIN_KILLS - randomKills; at++) {
            const retry = jobs.length % 5 === 0;
            jobs.push(async () => {
              const dir = freshCopy();
              expect((await runChild(dir, steps, { killAt: at })).signal).toBe('SIGKILL');
              const outcome = await checkAfterCrash(dir, steps, retry);
              rmSync(tempRootOf(dir), { recursive: true, force: true });
              return outcome;
            });
          }
        }
      }
      for (let i = 0; i < randomKills; i++) {
        // Spread over the commit's second half, after Node's start-up: the part that writes.
        const delay = fullMs.get(2)! * (0.5 + ((i * 7919) % 1000) / 1600);
        jobs.push(async () => {
          const dir = freshCopy();
          await runChild(dir, 2, { killAfterMs: delay });
          const outcome = await checkAfterCrash(dir, 2, i % 5 === 0);
          rmSync(tempRootOf(dir), { recursive: true, force: true });
          return outcome;
        });
      }
      const outcomes = await pool(jobs, Math.max(2, availableParallelism()));
      const count = (o: string) => outcomes.filter((x) => x === o).length;
      console.log(
        `crash harness: ${outcomes.length} kills (${outcomes.length - randomKills} at probe points of ${JSON.stringify(Object.fromEntries(points))} per run shape, ${randomKills} at random instants); after recovery old=${count('old')} new=${count('new')}, mixed=0`,
      );
      expect(outcomes.length).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(count('old')).toBeGreaterThan(0);
      expect(count('new')).toBeGreaterThan(0);
    },
  );
});

function tempRootOf(stateDir: string): string {
  return resolve(stateDir, '..');
}
