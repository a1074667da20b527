// Eight processes commit the same run at once, round after round: exactly one wins each time,
// the others get COMMIT_CONFLICT, and the pointer is the winner's.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../../src/core/bytes.js';
import { sha256 } from '../../../src/core/digest.js';
import { readPointer } from '../../../src/store/pointer-file.js';
import { verifyStore } from '../../../src/store/verify-store.js';
import { bundleScript } from '../../helpers/bundle-script.js';
import { buildRun, tempStore } from '../fixtures.js';

const ROUNDS = Number(process.env.RACE_ROUNDS ?? '1000');
const WORKERS = 8;
const store = tempStore();
const workers: ChildProcess[] = [];

beforeAll(async () => {
  const script = await bundleScript(resolve(import.meta.dirname, 'race-worker.ts'));
  for (let w = 0; w < WORKERS; w++) {
    const proc = fork(script, [], {
      env: { ...process.env, STATE_DIR: store.layout.root, WORKER: String(w) },
      stdio: 'inherit',
    });
    await new Promise((ready) => proc.once('message', ready));
    workers.push(proc);
  }
}, 60_000);

afterAll(() => {
  for (const proc of workers) proc.kill();
});

function ask(proc: ChildProcess, round: number, head: string): Promise<string> {
  return new Promise((done) => {
    const listener = (message: { round: number; outcome: string }) => {
      if (message.round !== round) return;
      proc.off('message', listener);
      done(message.outcome);
    };
    proc.on('message', listener);
    proc.send({ round, head });
  });
}

describe('concurrent commit', () => {
  it(
    `${WORKERS} processes commit the same run at once, ${ROUNDS} times: exactly one wins each time`,
    { timeout: 900_000 },
    async () => {
      const tally = { win: 0, locked: 0, late: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const [step] = await buildRun(store, `race-${round}`, 1);
        const outcomes = await Promise.all(workers.map((proc) => ask(proc, round, toHex(step!.head_hash))));
        const winners = outcomes.flatMap((o, w) => (o === 'win' ? [w] : []));
        expect(winners).toHaveLength(1);
        for (const o of outcomes) {
          expect(o).toMatch(/^(win|locked|late)$/);
          tally[o as keyof typeof tally]++;
        }
        const pointer = await readPointer(store, `race-${round}`);
        expect(toHex(pointer!.execution_certificate_hash!)).toBe(
          toHex(sha256(utf8(`certificate by worker ${winners[0]} in round ${round}`))),
        );
      }
      console.log(
        `commit race: ${ROUNDS} rounds x ${WORKERS} processes: ${tally.win} wins, ${tally.locked} refused while the winner held the lock, ${tally.late} refused after it committed`,
      );
      expect(tally.win).toBe(ROUNDS);
      expect((await verifyStore(store)).ok).toBe(true);
    },
  );
});
