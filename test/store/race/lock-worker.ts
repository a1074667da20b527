// A contender of the run-lock race test, started once and driven over IPC. `lock`: take the
// run's lock and, once inside, log `enter`, tell the parent, wait for its `release`, log `exit`.
// `recover`: run recoverStore on the named store and answer with the reports.
import { appendFileSync } from 'node:fs';
import { isRollgateError } from '../../../src/core/errors.js';
import { noProbe } from '../../../src/store/crash-probe.js';
import { storeLayout } from '../../../src/store/layout.js';
import { ObjectStore } from '../../../src/store/object-store.js';
import { recoverStore } from '../../../src/store/recovery.js';
import { withRunLock } from '../../../src/store/run-lock.js';

type Message =
  | { kind: 'lock'; trial: number; stateDir: string; runId: string; log: string }
  | { kind: 'release'; trial: number }
  | { kind: 'recover'; trial: number; stateDir: string };

const worker = process.env.WORKER!;
const releases = new Map<number, () => void>();
const send = (message: object) => process.send!(message);

function describe(error: unknown): string {
  return isRollgateError(error) ? `${error.code} ${error.message}` : String(error);
}

async function lock(m: Extract<Message, { kind: 'lock' }>): Promise<void> {
  try {
    await withRunLock(storeLayout(m.stateDir), m.runId, noProbe, async () => {
      appendFileSync(m.log, `enter ${worker}\n`);
      const released = new Promise<void>((resolve) => releases.set(m.trial, resolve));
      send({ trial: m.trial, worker, outcome: 'held' });
      await released;
      appendFileSync(m.log, `exit ${worker}\n`);
    });
    send({ trial: m.trial, worker, outcome: 'done' });
  } catch (error) {
    send({ trial: m.trial, worker, outcome: isRollgateError(error, 'COMMIT_CONFLICT') ? 'conflict' : describe(error) });
  }
}

process.on('message', (m: Message) => {
  if (m.kind === 'lock') void lock(m);
  else if (m.kind === 'release') releases.get(m.trial)?.();
  else {
    recoverStore(new ObjectStore(m.stateDir)).then(
      (reports) => send({ trial: m.trial, worker, outcome: reports.map((r) => r.action).join(',') }),
      (error: unknown) => send({ trial: m.trial, worker, outcome: `error ${describe(error)}` }),
    );
  }
});
send({ ready: true });
