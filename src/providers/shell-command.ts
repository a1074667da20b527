// Runs a user's command (traffic shift, metrics, deploy) through the shell with extra
// environment variables, a timeout and bounded captured output: the report keeps the first
// `limit` bytes of each stream and says when it cut.
import { spawn } from 'node:child_process';

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

export function runShell(
  command: string,
  options: { cwd: string; env: Readonly<Record<string, string>>; timeout_ms: number; limit?: number },
): Promise<ShellRun> {
  const limit = options.limit ?? OUTPUT_LIMIT_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const out = capture(limit);
    const err = capture(limit);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: a shell's children must not outlive the timeout.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeout_ms);
    child.stdout.on('data', (c: Buffer) => out.add(c));
    child.stderr.on('data', (c: Buffer) => err.add(c));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exit_code: code, signal, timed_out: timedOut, stdout: out.result(), stderr: err.result() });
    });
  });
}
