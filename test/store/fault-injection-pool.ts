// Child processes that run `rollgate` commands for the fault-injection suite (see
// fault-injection-worker.ts), each command under a timeout: a command that does not answer in
// time is a hang, its process is killed and replaced, and the next command runs in a fresh one.
import { fork, type ChildProcess } from 'node:child_process';
import type { Reply } from './fault-injection-worker.js';

export interface CommandRun {
  readonly argv: readonly string[];
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** What escaped the error boundary (its stack), or why the process ended. */
  readonly crash?: string;
  readonly hang?: boolean;
  readonly ms: number;
  /** CPU time of the command in its process. */
  readonly cpu_ms: number;
}

interface Worker {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
}

export class CliPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker) => void> = [];
  private readonly all = new Set<Worker>();
  private next = 0;

  constructor(
    private readonly script: string,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.release(this.spawn());
  }

  private spawn(): Worker {
    const proc = fork(this.script, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env } });
    // Whatever the command wrote to stderr by itself (not through its output port) is kept.
    proc.stderr!.setEncoding('utf8');
    const ready = new Promise<void>((resolve) => proc.once('message', () => resolve()));
    const worker = { proc, ready };
    this.all.add(worker);
    return worker;
  }

  private release(worker: Worker): void {
    const taker = this.waiting.shift();
    if (taker) taker(worker);
    else this.idle.push(worker);
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.shift();
    return worker ? Promise.resolve(worker) : new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Runs one command; past `timeoutMs` it is a hang and its process is replaced. */
  async run(argv: readonly string[], timeoutMs: number): Promise<CommandRun> {
    const worker = await this.acquire();
    await worker.ready;
    const id = this.next++;
    const started = Date.now();
    let stray = '';
    const onStderr = (chunk: string) => void (stray += chunk);
    worker.proc.stderr!.on('data', onStderr);
    const result = await new Promise<{ reply?: Reply; hang?: boolean; exit?: string }>((resolve) => {
      const settle = (value: { reply?: Reply; hang?: boolean; exit?: string }) => {
        clearTimeout(timer);
        worker.proc.off('message', onMessage);
        worker.proc.off('exit', onExit);
        resolve(value);
      };
      const timer = setTimeout(() => settle({ hang: true }), timeoutMs);
      // A crash is answered with id -1 when it escaped between commands.
      const onMessage = (reply: Reply) => {
        if (reply.id === id || reply.id === -1) settle({ reply });
      };
      const onExit = (code: number | null, signal: string | null) =>
        settle({ exit: `the process ended (code ${code}, signal ${signal})` });
      worker.proc.on('message', onMessage);
      worker.proc.on('exit', onExit);
      worker.proc.send({ id, argv });
    });
    worker.proc.stderr!.off('data', onStderr);
    const ms = Date.now() - started;
    if (result.reply && result.reply.crash === undefined) {
      this.release(worker);
      return {
        argv,
        code: result.reply.code,
        out: result.reply.out,
        err: result.reply.err + stray,
        ms,
        cpu_ms: result.reply.cpu_ms,
      };
    }
    // A hang, a crash or a process that ended: never reused.
    this.all.delete(worker);
    worker.proc.kill('SIGKILL');
    this.release(this.spawn());
    return {
      argv,
      code: -1,
      out: '',
      err: stray,
      ms,
      cpu_ms: 0,
      ...(result.hang ? { hang: true } : { crash: result.reply?.crash ?? result.exit ?? 'unknown' }),
    };
  }

  close(): void {
    for (const worker of this.all) worker.proc.kill('SIGKILL');
    this.all.clear();
  }
}
