// Real processes for metrics tests: a synthetic service exposing prom-client metrics
// (src/demo/demo-exporter.ts, in this process) and a real Prometheus server scraping it every second. Nothing is
// skipped when Prometheus is missing: the tests then fail and say how to install it.
import { startDemoExporter } from '../../src/demo/demo-exporter.js';
import { startPrometheus, type PrometheusServer } from '../../src/providers/local-prometheus.js';

export { startPrometheus, type PrometheusServer };

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

/** The synthetic service (src/demo/demo-exporter.ts): canary and baseline traffic, no errors, 100 ms. */
export async function startMetricsService(): Promise<MetricsService> {
  const exporter = await startDemoExporter();
  return {
    url: exporter.url,
    port: exporter.port,
    set: (profile) => Promise.resolve(exporter.set(profile)),
    stop: () => exporter.stop(),
  };
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
