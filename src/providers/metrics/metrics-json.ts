// The JSON a file or command source gives: one object with the metric names as keys. Values
// stay raw here (numbers, numeric strings, null); freezing decides what they are worth. Keys
// that are not metrics are refused, so a typo (`p95_canary` for `p95_canary_ms`) is an error,
// not a silently missing value. So is anything two readers could read two ways, each naming
// the metric and the source:
// - a key twice (`"errors":180,"errors":0`): JSON.parse keeps the last without a word;
// - a value below zero: every metric is a count or a duration, and a negative p95_canary_ms
//   would make the latency delta pass (-1e400 reads as -Infinity and is refused too);
// - text that Number() reads but that is not a decimal numeral as JSON writes one ("0x2EE0",
//   "0b0", "0o264", " 12", "+5", "012", ""), and any other text: as text, a value is a JSON
//   decimal numeral ("12", "101.5", "1e3") or "NaN" / "Infinity" (frozen as visible markers
//   that fail the gate).
import { RollgateError } from '../../core/errors.js';
import { parseStrictJson, quoteText } from '../../core/strict-json.js';
import { DECIMAL_NUMERAL, METRIC_NAMES, type MetricName } from '../../deploy/metrics-snapshot.js';

/** Non-finite values as text: markers that fail the gate (fail closed); "-Infinity" is negative. */
const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

export function parseMetricsJson(text: string, where: string): Partial<Record<MetricName, unknown>> {
  const invalid = (why: string, metric?: string) =>
    new RollgateError('METRICS_INVALID', `${where}: ${why}`, {
      diagnostics: metric === undefined ? { source: where } : { source: where, metric },
    });
  const doc = parseStrictJson(text, 'METRICS_INVALID', where);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid('not a JSON object of metrics');
  const values: Partial<Record<MetricName, unknown>> = {};
  const entries: [string, unknown][] = Object.entries(doc);
  for (const [key, value] of entries) {
    if (!(METRIC_NAMES as readonly string[]).includes(key)) {
      throw invalid(`unknown metric ${quoteText(key)} (known: ${METRIC_NAMES.join(', ')})`);
    }
    if (value !== null && typeof value !== 'number' && typeof value !== 'string') {
      throw invalid(
        `${key} must be a number (or null when unknown), got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value}`,
        key,
      );
    }
    if (typeof value === 'string' && !DECIMAL_NUMERAL.test(value) && !NON_FINITE.has(value)) {
      throw invalid(
        `${key} is the text ${quoteText(value)}, which is not a decimal numeral: write the number itself (${key}: 12000), or a decimal as text ("12000"); text such as "0x2EE0", "0o264", " 12" or "+5" is refused`,
        key,
      );
    }
    const number = typeof value === 'string' ? Number(value) : value;
    if (typeof number === 'number' && number < 0) {
      throw invalid(`${key} is ${String(number)}: a count or a duration is never negative`, key);
    }
    values[key as MetricName] = value;
  }
  return values;
}
