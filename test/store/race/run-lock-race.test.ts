// The run lock under contention, with a stale lock present (a crashed holder's, in the current
// and the legacy format): eight live processes race for it, trial after trial, and exactly one
// is inside at a time; concurrent `recover` calls on a WAL ending in PREPARE append exactly one
// ROLLBACK. ROLLGATE_RACE_TRIALS sets the number of trials of each (CI default below).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/store/object-store.js';
import { storeLayout, type StoreLayout } from '../../../src/store/layout.js';
import { verifyStore } from '../../../src/store/verify-store.js';
import { appendWal, readWal } from '../../../src/store/wal.js';
import { bundleScript } from '../../helpers/bundle-script.js';

const TRIALS = Number(process.env.ROLLGATE_RACE_TRIALS ?? '150');
const WORKERS = 8;
const RECOVERERS = 4;
const base = mkdtempSync(join(tmpdir(), 'rollgate-lock-race-'));
const workers: ChildProcess[] = [];
let dead: { pid: number; start: string | undefined };

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), when the platform has it. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** A process that ran and exited: its pid names no live process (its start time guards reuse). */
async function deadProcess(): Promise<{ pid: number; start: string | undefined }> {
  const proc = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  await new Promise((ready) => proc.once('spawn', ready));
  const pid = proc.pid!;
  const start = startTime(pid);
  proc.kill('SIGKILL');
  await new Promise((exited) => proc.once('exit', exited));
  return { pid, start };
}

/** What a holder that crashed leaves: its lock generation, and a lock file of older releases. */
function plantStaleLocks(layout: StoreLayout, runId: string): void {
  mkdirSync(join(layout.wal, `${runId}.lock.d`), { recursive: true });
  const holder = { pid: dead.pid, host: hostname(), nonce: 'crashed', ...(dead.start ? { start: dead.start } : {}) };
  writeFileSync(join(layout.wal, `${runId}.lock.d`, '000001'), JSON.stringify(holder));
  writeFileSync(join(layout.wal, `${runId}.lock`), JSON.stringify({ pid: dead.pid, host: hostname() }));
}

beforeAll(async () => {
  dead = await deadProcess();
  const script = await bundleScript(resolve(import.meta.dirname, 'lock-worker.ts'));
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      const proc = fork(script, [], { env: { ...process.env, WORKER: String(w) }, stdio: 'inherit' });
      await new Promise((ready) => proc.once('message', ready));
      workers[w] = proc;
    }),
  );
}, 60_000);

afterAll(() => {
  for (const proc of workers) proc.kill();
  rmSync(base, { recursive: true, force: true });
});

interface Answer {
  readonly trial: number;
  readonly worker: string;
  readonly outcome: string;
}

/** The next answer of `proc` for `trial` whose outcome is one of `outcomes` (any when empty). */
function answer(proc: ChildProcess, trial: number, outcomes: readonly string[] = []): Promise<string> {
  return new Promise((done) => {
    const listener = (message: Answer) => {
      if (message.trial !== trial || (outcomes.length > 0 && !outcomes.includes(message.outcome))) return;
      proc.off('message', listener);
      done(message.outcome);
    };
    proc.on('message', listener);
  });
}

/** Each `enter` is followed by its `exit` before the next `enter`: never two holders at once. */
function overlaps(log: string): number {
  let inside = 0;
  let worst = 0;
  for (const line of log.split('\n').filter(Boolean)) {
    inside += line.startsWith('enter') ? 1 : -1;
    worst = Math.max(worst, inside);
  }
  return worst;
}

describe('run lock race', () => {
  it(
    `${WORKERS} processes race for one run lock with a stale lock present, ${TRIALS} times: exactly one holds it`,
    { timeout: 600_000 },
    async () => {
      const layout = storeLayout(join(base, 'lock', '.rollgate'));
      const started = performance.now();
      let conflicts = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        const runId = `lock-${trial}`;
        const log = join(base, `lock-${trial}.log`);
        writeFileSync(log, '');
        plantStaleLocks(layout, runId);
        const first = workers.map((proc) => answer(proc, trial, []));
        for (const proc of workers) proc.send({ kind: 'lock', trial, stateDir: layout.root, runId, log });
        const outcomes = await Promise.all(first);
        const holders = outcomes.flatMap((o, w) => (o === 'held' ? [w] : []));
        for (const o of outcomes) expect(o).toMatch(/^(held|conflict)$/);
        const done = holders.map((w) => answer(workers[w]!, trial, ['done']));
        for (const w of holders) workers[w]!.send({ kind: 'release', trial });
        expect(await Promise.all(done)).toEqual(holders.map(() => 'done'));
        expect({ trial, holders: holders.length, overlap: overlaps(readFileSync(log, 'utf8')) }).toEqual({
          trial,
          holders: 1,
          overlap: 1,
        });
        conflicts += outcomes.length - holders.length;
      }
      console.log(
        `run lock race: ${TRIALS} trials x ${WORKERS} processes with a stale lock: 1 holder each, ${conflicts} refused, ${Math.round(performance.now() - started)} ms`,
      );
    },
  );

  it(
    `${RECOVERERS} concurrent recover processes on a WAL ending in PREPARE, ${TRIALS} times: exactly one ROLLBACK`,
    { timeout: 600_000 },
    async () => {
      const started = performance.now();
      const tally: Record<string, number> = {};
      for (let trial = 0; trial < TRIALS; trial++) {
        const stateDir = join(base, `recover-${trial}`, '.rollgate');
        const store = new ObjectStore(stateDir);
        await appendWal(store.layout, 'run-r', [], 'PREPARE', { objects: [new Uint8Array(32).fill(5)] });
        plantStaleLocks(store.layout, 'run-r');
        const contenders = workers.slice(0, RECOVERERS);
        const answers = contenders.map((proc) => answer(proc, trial));
        for (const proc of contenders) proc.send({ kind: 'recover', trial, stateDir });
        const outcomes = await Promise.all(answers);
        for (const o of outcomes) tally[o] = (tally[o] ?? 0) + 1;
        expect((await readWal(store.layout, 'run-r')).records.map((r) => r.record_type)).toEqual([
          'PREPARE',
          'ROLLBACK',
        ]);
        expect(outcomes.filter((o) => o === 'rolled_back')).toHaveLength(1);
        for (const o of outcomes) expect(o).toMatch(/^(rolled_back|busy|none)$/);
        expect((await verifyStore(store)).findings).toEqual([]);
        rmSync(join(base, `recover-${trial}`), { recursive: true, force: true });
      }
      console.log(
        `recover race: ${TRIALS} trials x ${RECOVERERS} processes: ${JSON.stringify(tally)}, ${Math.round(performance.now() - started)} ms`,
      );
    },
  );
});
