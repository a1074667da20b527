// A child process of the fault-injection suite: runs `rollgate` commands from source (runCli,
// the registered program, bundled by esbuild; not dist/) one at a time as its parent asks over
// IPC, and answers with the exit code and both outputs. A command that hangs (a FIFO opened
// for reading, /dev/zero read to its end) hangs only this process: the parent kills it after
// its timeout and starts another. Anything that escapes runCli (an uncaught exception, an
// unhandled rejection) is answered as a crash, with its stack.
import type { CliDeps } from '../../src/cli/deps.js';
import { runCli } from '../../src/cli/program.js';
import { testHost } from '../helpers/host.js';

interface Request {
  readonly id: number;
  readonly argv: readonly string[];
}

export interface Reply {
  readonly id: number;
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** CPU time the command took in this process, in ms (user and system). */
  readonly cpu_ms: number;
  /** Set when something escaped the command's error boundary. */
  readonly crash?: string;
}

let current: number | undefined;

function send(reply: Reply): void {
  process.send!(reply);
}

function crashed(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  send({ id: current ?? -1, code: -1, out: '', err: '', cpu_ms: 0, crash: text });
  process.exitCode = 70;
  process.disconnect();
}
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

process.on('message', (message: Request) => {
  current = message.id;
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    output: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
    now: () => Math.floor(Date.now() / 1000),
    env: {},
    host: testHost(),
  };
  const cpu = process.cpuUsage();
  runCli(message.argv, deps).then(
    (code) => {
      current = undefined;
      const used = process.cpuUsage(cpu);
      const cpu_ms = (used.user + used.system) / 1000;
      send({ id: message.id, code, out: out.join('\n'), err: err.join('\n'), cpu_ms });
    },
    (error: unknown) => crashed(error),
  );
});

process.send!({ ready: true });
