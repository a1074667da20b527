// Runs a user's command (traffic shift, metrics, deploy) through the shell with extra
// environment variables, a timeout and bounded captured output: the report keeps the first
// `limit` bytes of each stream and says when it cut.
//
// The command runs in its own process group. At its deadline the group, and every process
// descended from the command then (one started with setsid is outside the group), gets
// SIGTERM, and SIGKILL a grace second later; the pipes are then closed and the call answers,
// even when a process that escaped both still holds them. A command that exits is answered
// once its pipes close, or a grace second after it exits if something it left running keeps
// them open: it is not timed out, and what it left running is its own (docs/decisions.md).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface CapturedStream {
  readonly text: string;
  readonly truncated: boolean;
}

export interface ShellRun {
  readonly exit_code: number | null;
  readonly signal: string | null;
  readonly timed_out: boolean;
  readonly stdout: CapturedStream;
  readonly stderr: CapturedStream;
}

export const OUTPUT_LIMIT_BYTES = 64 * 1024;
/** Between SIGTERM and SIGKILL at a deadline, and how long pipes may outlive their command. */
export const KILL_GRACE_MS = 1000;

function capture(limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  return {
    add(chunk: Buffer) {
      if (size >= limit) {
        truncated = true;
        return;
      }
      const part = chunk.subarray(0, limit - size);
      if (part.length < chunk.length) truncated = true;
      chunks.push(part);
      size += part.length;
    },
    result: (): CapturedStream => ({ text: Buffer.concat(chunks).toString('utf8'), truncated }),
  };
}

/**
 * The pids descended from `root` now, read from /proc (Linux; elsewhere none, and the group
 * kill is all there is). A process that double-forked away is init's child and is not found:
 * only a cgroup would hold it, and the pipes are closed on it instead.
 */
function descendantsOf(root: number): number[] {
  if (process.platform !== 'linux') return [];
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid);
    if (list) list.push(Number(entry));
    else children.set(ppid, [Number(entry)]);
  }
  const found = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    for (const pid of children.get(queue.pop()!) ?? []) {
      if (pid === root || found.has(pid)) continue;
      found.add(pid);
      queue.push(pid);
    }
  }
  return [...found];
}

/** Sends `signal` to each pid (a negative one is a group); one already gone is skipped. */
function signalAll(pids: Iterable<number>, signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // ESRCH: gone already; EPERM: not ours to end (a pid reused by another user).
    }
  }
}

export function runShell(
  command: string,
  options: { cwd: string; env: Readonly<Record<string, string>>; timeout_ms: number; limit?: number },
): Promise<ShellRun> {
  const limit = options.limit ?? OUTPUT_LIMIT_BYTES;
  const grouped = process.platform !== 'win32';
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: grouped,
    });
    const out = capture(limit);
    const err = capture(limit);
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      clearTimeout(graceTimer);
      // Whoever still holds the write ends, we stop reading: the answer does not wait for them.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exit_code: exit?.code ?? child.exitCode,
        signal: exit?.signal ?? child.signalCode ?? (timedOut && exit === undefined ? 'SIGKILL' : null),
        timed_out: timedOut,
        stdout: out.result(),
        stderr: err.result(),
      });
    };

    const deadlineTimer = setTimeout(() => {
      timedOut = true;
      const pid = child.pid;
      if (pid === undefined || !grouped) {
        child.kill('SIGKILL');
        graceTimer = setTimeout(finish, KILL_GRACE_MS);
        return;
      }
      // Taken while the shell still lives: once it dies, what it started is init's child.
      const escaped = descendantsOf(pid);
      signalAll([-pid, pid, ...escaped], 'SIGTERM');
      graceTimer = setTimeout(() => {
        signalAll([-pid, pid, ...escaped, ...descendantsOf(pid)], 'SIGKILL');
        finish();
      }, KILL_GRACE_MS);
    }, options.timeout_ms);

    child.stdout.on('data', (c: Buffer) => out.add(c));
    child.stderr.on('data', (c: Buffer) => err.add(c));
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      clearTimeout(graceTimer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (timedOut) return; // the grace timer after the deadline ends it
      clearTimeout(deadlineTimer);
      // The pipes close now unless something the command left running holds them.
      graceTimer = setTimeout(finish, KILL_GRACE_MS);
    });
    child.on('close', finish);
  });
}
