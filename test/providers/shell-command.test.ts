// runShell with real child processes: a timed-out command's whole process group is gone within
// a grace second of its deadline and the call settles by then, even when a process it started
// in its own session (setsid) still holds the output pipe; a command that exits while a
// background process keeps its stdout open is answered a grace second after it exits, with
// what it printed. Bounds are generous upper bounds (a loaded machine), never exact timings.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KILL_GRACE_MS, runShell } from '../../src/providers/shell-command.js';
import { readCommandMetrics } from '../../src/providers/metrics/command-metrics.js';
import { shiftTraffic } from '../../src/providers/traffic-command.js';
import { request } from './metrics-request.js';

const posix = process.platform !== 'win32';
const dir = mkdtempSync(join(tmpdir(), 'rollgate-shell-'));
/** Pids the commands wrote; every one still alive after a test is killed, so none leaks. */
const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Whether `pid` still runs: process.kill(pid, 0) throws ESRCH once it is gone. A killed orphan
 * is a zombie until init reaps it (slowly, on some runners), and a zombie runs nothing.
 */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
};

/** The pids a command wrote, one per line, once the file has them all. */
async function pids(file: string, count: number): Promise<number[]> {
  for (let i = 0; i < 100; i++) {
    if (existsSync(file)) {
      const found = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
      if (found.length >= count) {
        started.push(...found);
        return found;
      }
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`${file}: fewer than ${count} pids`);
}

/** Waits (briefly) until none of `list` is alive: a killed process is reaped a moment later. */
async function gone(list: readonly number[]): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!list.some(alive)) return true;
    await new Promise((done) => setTimeout(done, 20));
  }
  return false;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t0 };
}

describe.runIf(posix)('runShell with real child processes', () => {
  it('kills the whole process group at the deadline (SIGTERM, then SIGKILL after a grace second)', async () => {
    const file = join(dir, 'group.pids');
    // The child traps SIGTERM, so only the SIGKILL after the grace second ends it.
    const command = `sh -c 'trap "" TERM; echo $$ >> ${file}; while :; do sleep 1; done' & sleep 30 & echo $! >> ${file}; wait`;
    const { value: run, ms } = await timed(() => runShell(command, { cwd: dir, env: {}, timeout_ms: 1_000 }));
    const list = await pids(file, 2);
    expect(run.timed_out).toBe(true);
    expect(ms).toBeLessThan(1_000 + KILL_GRACE_MS + 3_000);
    expect(await gone(list)).toBe(true);
  });

  it('settles by the deadline plus the grace second when a setsid process still holds stdout', async () => {
    const file = join(dir, 'setsid.pids');
    // The attack of the issue: the setsid'd sleep is outside the group and keeps the pipe open.
    const command = `setsid sh -c 'echo $$ >> ${file}; exec sleep 25' & sleep 10; echo {}`;
    const { value: run, ms } = await timed(() => runShell(command, { cwd: dir, env: {}, timeout_ms: 2_000 }));
    expect(run.timed_out).toBe(true);
    expect(ms).toBeLessThan(2_000 + KILL_GRACE_MS + 3_000);
    // It was the shell's own descendant at the deadline, so it is killed with the group.
    expect(await gone(await pids(file, 1))).toBe(true);
  });

  it('settles by the deadline plus the grace second when a double-forked process escapes group and tree', async () => {
    const file = join(dir, 'escaped.pids');
    // The setsid'd shell exits at once, so its sleep is init's child in another session: neither
    // the group kill nor the descendants of the command reach it, and it holds stdout for 25 s.
    const command = `setsid sh -c 'sleep 25 & echo $! >> ${file}'; sleep 10; echo {}`;
    const { value: run, ms } = await timed(() => runShell(command, { cwd: dir, env: {}, timeout_ms: 2_000 }));
    await pids(file, 1);
    expect(run.timed_out).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(2_000);
    expect(ms).toBeLessThan(2_000 + KILL_GRACE_MS + 3_000);
  });

  it('answers a grace second after a command exits 0 while a background process keeps its stdout open', async () => {
    const file = join(dir, 'daemon.pids');
    const command = `sleep 30 & echo $! >> ${file}; echo '{"requests": 1}'`;
    const { value: run, ms } = await timed(() => runShell(command, { cwd: dir, env: {}, timeout_ms: 20_000 }));
    expect(run).toMatchObject({ exit_code: 0, timed_out: false });
    expect(run.stdout.text).toBe('{"requests": 1}\n');
    expect(ms).toBeLessThan(KILL_GRACE_MS + 3_000);
    // The decision (docs/decisions.md): a command that exits is not timed out, and what it left
    // running is its own (a deploy command may start a daemon on purpose).
    const [daemon] = await pids(file, 1);
    expect(alive(daemon!)).toBe(true);
  });

  it('still returns everything a quick command printed, with its exit code', async () => {
    const run = await runShell('printf out; printf err >&2; exit 3', { cwd: dir, env: {}, timeout_ms: 10_000 });
    expect(run).toMatchObject({ exit_code: 3, signal: null, timed_out: false });
    expect(run.stdout.text).toBe('out');
    expect(run.stderr.text).toBe('err');
  });

  it("metrics command: the issue's setsid attack fails within the timeout, not after 25 s", async () => {
    const file = join(dir, 'metrics.pids');
    const command = `setsid sh -c 'echo $$ >> ${file}; exec sleep 25' & sleep 10; echo {}`;
    const t0 = performance.now();
    const error = await readCommandMetrics(command, dir, request({ timeout_ms: 2_000, retries: 0 })).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(performance.now() - t0).toBeLessThan(2_000 + KILL_GRACE_MS + 3_000);
    expect(error?.code).toBe('METRICS_PROVIDER_FAILED');
    expect(error?.message).toContain('timed out after 2000 ms');
    expect(await gone(await pids(file, 1))).toBe(true);
  });

  it('traffic command: a daemon left holding stdout does not hang the stage', async () => {
    const file = join(dir, 'traffic.pids');
    const { value: record, ms } = await timed(() =>
      shiftTraffic(`sleep 30 & echo $! >> ${file}; echo shifted`, {
        cwd: dir,
        env: {},
        timeout_seconds: 20,
        stage: 'stage 1 at 5%',
      }),
    );
    await pids(file, 1);
    expect(record.stdout).toBe('shifted\n');
    expect(ms).toBeLessThan(KILL_GRACE_MS + 3_000);
  });
});
