// A local Prometheus server for the demo and the tests: a temp config scraping the given targets
// every second, a temp TSDB, a free loopback port; ready once /-/ready answers. The binary is
// $ROLLGATE_PROMETHEUS or `prometheus` on PATH (Debian's package).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { RollgateError } from '../core/errors.js';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const INSTALL_HINT =
  'run `apt-get install -y prometheus` (or scripts/install-test-deps.sh), or set ROLLGATE_PROMETHEUS';

export interface PrometheusServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real Prometheus scraping `targets` (host:port, or URLs whose host is taken) every
 * second, and resolves once /-/ready answers 200. The binary is $ROLLGATE_PROMETHEUS or
 * `prometheus` on PATH.
 */
export async function startPrometheus(targets: readonly string[]): Promise<PrometheusServer> {
  const binary = findPrometheus();
  const dir = await mkdtemp(join(tmpdir(), 'rollgate-prometheus-'));
  const port = await freePort();
  const configFile = join(dir, 'prometheus.yml');
  const hosts = targets.map((t) => (/^https?:\/\//.test(t) ? new URL(t).host : t));
  await writeFile(
    configFile,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: rollgate',
      '    static_configs:',
      `      - targets: ${JSON.stringify(hosts)}`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr = collect(child, 'stderr');
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, () => spawnError, `${url}/-/ready`, START_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new Error(`prometheus (${binary}) did not become ready: ${message(error)}\n${stderr()}`, { cause: error });
  }
  return { url, stop };
}

function findPrometheus(): string {
  const fromEnv = process.env.ROLLGATE_PROMETHEUS;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutable(fromEnv))
      throw new RollgateError('FILE_NOT_FOUND', `ROLLGATE_PROMETHEUS=${fromEnv} is not an executable; ${INSTALL_HINT}`);
    return fromEnv;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'prometheus');
    if (isExecutable(candidate)) return candidate;
  }
  throw new RollgateError('FILE_NOT_FOUND', `prometheus is not on PATH: ${INSTALL_HINT}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilReady(
  child: ChildProcess,
  spawnError: () => Error | undefined,
  readyUrl: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
    }
    const failed = spawnError();
    if (failed !== undefined) throw failed;
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = message(error);
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms (${last})`);
}

/** Keeps the last few KiB of a stream for error messages. */
export function collect(child: ChildProcess, stream: 'stdout' | 'stderr'): () => string {
  let text = '';
  child[stream]?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-4096);
  });
  return () => text;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', () => resolveExit());
    child.once('error', () => resolveExit());
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
