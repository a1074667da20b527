// The JSON a file or command source gives: one object with the metric names as keys. Values
// stay raw here (numbers, numeric strings, null); freezing decides what they are worth. Keys
// that are not metrics are refused, so a typo (`p95_canary` for `p95_canary_ms`) is an error,
// not a silently missing value.
import { RollgateError } from '../../core/errors.js';
import { METRIC_NAMES, type MetricName } from '../../deploy/metrics-snapshot.js';

export function parseMetricsJson(text: string, where: string): Partial<Record<MetricName, unknown>> {
  const invalid = (why: string) => new RollgateError('METRICS_INVALID', `${where}: ${why}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw invalid(`not JSON (${(error as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid('not a JSON object of metrics');
  const values: Partial<Record<MetricName, unknown>> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!(METRIC_NAMES as readonly string[]).includes(key)) {
      throw invalid(`unknown metric ${JSON.stringify(key)} (known: ${METRIC_NAMES.join(', ')})`);
    }
    if (value !== null && typeof value !== 'number' && typeof value !== 'string') {
      throw invalid(
        `${key} must be a number (or null when unknown), got ${Array.isArray(value) ? 'an array' : 'an object'}`,
      );
    }
    values[key as MetricName] = value;
  }
  return values;
}
