// What every metrics source returns before freezing (DESIGN 8.1): the raw values by metric
// name, the queries that produced them and where they came from. Freezing (deploy/
// metrics-snapshot) decides types and turns non-finite or missing values into visible markers.
import type { MetricName } from '../../deploy/metrics-snapshot.js';

export interface MetricsRequest {
  /** The one instant (epoch seconds) the whole snapshot is evaluated at. */
  readonly evaluation_unix: number;
  /** The window the metrics cover, ending at evaluation_unix. */
  readonly window_seconds: number;
  /** Per attempt. */
  readonly timeout_ms: number;
  /** Attempts after the first, with exponential backoff. */
  readonly retries: number;
  /** Backoff of the first retry; each next one doubles. */
  readonly backoff_base_ms: number;
  /** Variables a command source sees (ROLLGATE_COHORT_PERCENT …). */
  readonly env: Readonly<Record<string, string>>;
  /** The backoff delay, injected so tests need not wait. */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface RawMetrics {
  readonly source: { readonly kind: 'file' | 'command' | 'prometheus'; readonly ref: string };
  readonly queries: Readonly<Record<string, string>>;
  readonly values: Readonly<Partial<Record<MetricName, unknown>>>;
  /** Attempts it took (1 when the first answered). */
  readonly attempts: number;
}
