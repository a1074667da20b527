// The Prometheus metrics source (DESIGN 8.1): every configured PromQL query is asked as an
// instant query at the one evaluation time of the snapshot, with `$window` replaced by the
// stage's window. One attempt asks all queries; a server that is down, slow or answers 5xx is
// retried (withRetries), a query Prometheus refuses or one that does not reduce to a single
// value is METRICS_INVALID and is not, and so is an answer that could be read two ways: a key
// twice in one object, a sample that is not a decimal numeral (or NaN, +Inf, -Inf as
// Prometheus writes them), or a negative sample (counts and durations never are). Only the
// global fetch of Node >= 20 is used.
import { readBodyWithin } from '../../util/http-body.js';
import { RollgateError } from '../../core/errors.js';
import { findDuplicateKey, quoteText } from '../../core/strict-json.js';
import { DECIMAL_NUMERAL, type MetricName } from '../../deploy/metrics-snapshot.js';
import type { MetricsRequest, RawMetrics } from './raw-metrics.js';
import { withRetries } from './retry.js';

export interface PrometheusSourceConfig {
  readonly url: string;
  readonly queries: {
    readonly requests: string;
    readonly errors: string;
    readonly p95_baseline: string;
    readonly p95_canary: string;
    readonly replay_determinism_failures?: string;
  };
}

/** Config query key → the metric it yields. */
const QUERY_METRICS: readonly (readonly [keyof PrometheusSourceConfig['queries'], MetricName])[] = [
  ['requests', 'requests'],
  ['errors', 'errors'],
  ['p95_baseline', 'p95_baseline_ms'],
  ['p95_canary', 'p95_canary_ms'],
  ['replay_determinism_failures', 'replay_determinism_failures'],
];

const COUNTS = new Set<MetricName>(['requests', 'errors', 'replay_determinism_failures']);

/**
 * increase() extrapolates to the window's edges, so a count arrives as 1453.54…: counts are
 * rounded to the nearest whole number here (the snapshot keeps counts as integers), while
 * non-finite values stay as they are and fail the gate.
 */
export function roundCount(value: number): number {
  return Number.isFinite(value) ? Math.round(value) : value;
}

/** The most of a server's answer quoted in a message. */
const QUOTE_MAX = 200;

export async function readPrometheusMetrics(
  config: PrometheusSourceConfig,
  request: MetricsRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<RawMetrics> {
  const base = config.url.replace(/\/+$/, '');
  const queries: Partial<Record<MetricName, string>> = {};
  for (const [key, metric] of QUERY_METRICS) {
    const text = config.queries[key];
    if (text !== undefined) queries[metric] = resolveWindow(text, request.window_seconds);
  }
  const entries = Object.entries(queries) as [MetricName, string][];
  const { value: values, attempts } = await withRetries(request, `prometheus ${config.url}`, async () => {
    const values: Partial<Record<MetricName, number>> = {};
    for (const [metric, query] of entries) {
      const value = await instantQuery(base, metric, query, request, fetchImpl);
      if (value !== undefined) values[metric] = COUNTS.has(metric) ? roundCount(value) : value;
    }
    return values;
  });
  return { source: { kind: 'prometheus', ref: config.url }, queries, values, attempts };
}

/** Replaces every `$window` with the window as a PromQL duration (`300s`). */
export function resolveWindow(query: string, windowSeconds: number): string {
  return query.replaceAll('$window', `${windowSeconds}s`);
}

/** NaN and ±Inf as Go (and so Prometheus) spells them. */
const NON_FINITE_SAMPLES = new Set(['NaN', '+Inf', 'Inf', '-Inf']);

/**
 * A Prometheus sample value: a float as text, with NaN and ±Inf spelled the Go way; any text
 * that is not a decimal numeral is NaN (readPrometheusMetrics refuses it before this).
 */
export function parseSampleValue(text: string): number {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return DECIMAL_NUMERAL.test(text) ? Number(text) : NaN;
  }
}

async function instantQuery(
  base: string,
  metric: MetricName,
  query: string,
  request: MetricsRequest,
  fetchImpl: typeof fetch,
): Promise<number | undefined> {
  const url = `${base}/api/v1/query?query=${encodeURIComponent(query)}&time=${request.evaluation_unix}`;
  let response: Response;
  let body: string;
  try {
    response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(request.timeout_ms),
    });
    body = await boundedText(response, PROMETHEUS_BODY_MAX_BYTES);
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    // Network failures and timeouts: a plain Error, so withRetries asks again.
    throw new Error(`${metric}: ${describeFetchError(error, request.timeout_ms)}`, { cause: error });
  }
  const parsed = parseJson(body);
  const apiError = readApiError(parsed);
  if (response.status === 400 || response.status === 422 || (response.ok && apiError !== undefined)) {
    throw invalid(
      metric,
      query,
      `Prometheus refused the query (HTTP ${response.status}${apiError ? `, ${apiError}` : `: ${quote(body)}`})`,
    );
  }
  if (!response.ok) {
    // 5xx, 429 and the like: the server may answer later.
    throw new Error(`${metric}: HTTP ${response.status} ${apiError ?? quote(body)}`);
  }
  return readResult(metric, query, parsed, body);
}

function readResult(metric: MetricName, query: string, parsed: unknown, body: string): number | undefined {
  if (!isRecord(parsed) || parsed.status !== 'success' || !isRecord(parsed.data)) {
    throw invalid(metric, query, `not a Prometheus API answer: ${quote(body)}`);
  }
  const duplicate = findDuplicateKey(body);
  if (duplicate !== undefined) {
    throw invalid(
      metric,
      query,
      `the answer has the key ${quoteText(duplicate.key)} twice in ${duplicate.pointer ? `the object at ${duplicate.pointer}` : 'the top-level object'}`,
    );
  }
  const { resultType, result } = parsed.data;
  if (resultType === 'scalar') return sampleValue(metric, query, result);
  if (resultType !== 'vector') {
    throw invalid(metric, query, `an instant query must give a vector or a scalar, not ${quote(String(resultType))}`);
  }
  if (!Array.isArray(result)) throw invalid(metric, query, `the vector has no result list: ${quote(body)}`);
  if (result.length === 0) return undefined;
  if (result.length > 1) {
    throw invalid(
      metric,
      query,
      `the query matched ${result.length} series; it must aggregate to one series, e.g. with sum(...)`,
    );
  }
  const sample: unknown = result[0];
  return sampleValue(metric, query, isRecord(sample) ? sample.value : undefined);
}

/** A `[unix_time, "value"]` pair. */
function sampleValue(metric: MetricName, query: string, pair: unknown): number {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[1] !== 'string') {
    throw invalid(metric, query, `a sample must be [time, "value"], got ${quote(JSON.stringify(pair) ?? 'nothing')}`);
  }
  const text = pair[1];
  if (!DECIMAL_NUMERAL.test(text) && !NON_FINITE_SAMPLES.has(text)) {
    throw invalid(metric, query, `the sample value ${quoteText(text)} is not a decimal numeral`);
  }
  const value = parseSampleValue(text);
  if (value < 0) {
    throw invalid(metric, query, `the sample value ${quoteText(text)} is negative: a count or a duration never is`);
  }
  return value;
}

function readApiError(parsed: unknown): string | undefined {
  if (!isRecord(parsed) || parsed.status !== 'error') return undefined;
  const type = typeof parsed.errorType === 'string' ? parsed.errorType : 'error';
  const text = typeof parsed.error === 'string' ? parsed.error : '';
  return quote(`${type}: ${text}`);
}

function invalid(metric: MetricName, query: string, what: string): RollgateError {
  return new RollgateError('METRICS_INVALID', `prometheus query for ${metric} (${quote(query)}): ${what}`, {
    diagnostics: { metric, query: quote(query) },
  });
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return quote(`${error instanceof Error ? error.message : String(error)}${cause}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_MAX ? `${flat.slice(0, QUOTE_MAX)}…` : flat;
}

/** One instant query answers a few hundred bytes; a body past this is not Prometheus answering. */
export const PROMETHEUS_BODY_MAX_BYTES = 1024 * 1024;

/** The response body as text, refused (METRICS_INVALID, not retried) past `max` bytes. */
async function boundedText(response: Response, max: number): Promise<string> {
  const refuse = () =>
    new RollgateError(
      'METRICS_INVALID',
      `${response.url || 'Prometheus'}: the answer is over ${max} bytes; check that metrics.prometheus.url names a Prometheus query API (docs/limits.md)`,
    );
  return Buffer.from(await readBodyWithin(response, max, refuse)).toString('utf8');
}
