// Real processes for metrics tests: a synthetic service exposing prom-client metrics
// (metrics-service.mjs) and a real Prometheus server scraping it every second. Nothing is
// skipped when Prometheus is missing: the tests then fail and say how to install it.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const SERVICE_SCRIPT = resolve(import.meta.dirname, 'metrics-service.mjs');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const INSTALL_HINT =
  'run `apt-get install -y prometheus` (or scripts/install-test-deps.sh), or set ROLLGATE_PROMETHEUS';

export interface MetricsProfile {
  /** Fraction of canary requests answered 500, 0..1. */
  readonly canaryErrorRate: number;
  readonly canaryLatencyMs: number;
  readonly baselineLatencyMs: number;
}

export interface MetricsService {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  set(profile: MetricsProfile): Promise<void>;
  stop(): Promise<void>;
}

export interface PrometheusServer {
  /** http://127.0.0.1:<port>, the base of the HTTP API. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts metrics-service.mjs (canary and baseline traffic, error rate 0, both at 100 ms). */
export async function startMetricsService(): Promise<MetricsService> {
  const child = spawn(process.execPath, [SERVICE_SCRIPT, '--exit-with-parent'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr = collect(child, 'stderr');
  let port: number;
  try {
    const line = await firstLine(child, START_TIMEOUT_MS);
    port = (JSON.parse(line) as { port: number }).port;
    if (!Number.isInteger(port) || port <= 0) throw new Error(`no port in ${JSON.stringify(line)}`);
  } catch (error) {
    await stopChild(child);
    throw new Error(`metrics service did not start: ${message(error)}\n${stderr()}`, { cause: error });
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    async set(profile) {
      const response = await fetch(`${url}/profile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(profile),
      });
      if (!response.ok) throw new Error(`metrics service refused the profile: ${await response.text()}`);
    },
    stop: () => stopChild(child),
  };
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
      '  - job_name: rollgate-test',
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

/**
 * Polls an instant query (at the current time) until it returns a sample whose value `accept`s
 * (any sample by default); resolves to that value.
 */
export async function waitForSamples(
  promUrl: string,
  query: string,
  timeoutMs: number,
  accept: (value: number) => boolean = () => true,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const response = await fetch(`${promUrl.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`, {
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await response.json()) as {
        status?: string;
        data?: { resultType?: string; result?: unknown };
        error?: string;
      };
      if (body.status !== 'success') throw new Error(`query failed: ${body.error ?? response.status}`);
      const value = firstSample(body.data);
      last = value === undefined ? 'no sample' : `last value ${value}`;
      if (value !== undefined && accept(value)) return value;
    } catch (error) {
      last = message(error);
      if (/query failed/.test(last)) throw error;
    }
    if (Date.now() > deadline) throw new Error(`no accepted sample for ${query} within ${timeoutMs} ms (${last})`);
    await sleep(250);
  }
}

function firstSample(data: { resultType?: string; result?: unknown } | undefined): number | undefined {
  const result = data?.result;
  const pair =
    data?.resultType === 'scalar'
      ? result
      : Array.isArray(result) && result.length > 0
        ? (result[0] as { value?: unknown }).value
        : undefined;
  if (!Array.isArray(pair) || typeof pair[1] !== 'string') return undefined;
  const text = pair[1];
  return text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
}

function findPrometheus(): string {
  const fromEnv = process.env.ROLLGATE_PROMETHEUS;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutable(fromEnv)) throw new Error(`ROLLGATE_PROMETHEUS=${fromEnv} is not an executable; ${INSTALL_HINT}`);
    return fromEnv;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'prometheus');
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(`prometheus is not on PATH; the Prometheus metrics tests need a real server: ${INSTALL_HINT}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
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

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`no output within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) finish(undefined, buffer.slice(0, end));
    };
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`exited (${code ?? signal})`));
    const onError = (error: Error) => finish(error);
    function finish(error: Error | undefined, line?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolveLine(line ?? '');
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** Keeps the last few KiB of a stream for error messages. */
function collect(child: ChildProcess, stream: 'stdout' | 'stderr'): () => string {
  let text = '';
  child[stream]?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-4096);
  });
  return () => text;
}

async function stopChild(child: ChildProcess): Promise<void> {
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
