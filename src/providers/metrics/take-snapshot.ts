// Takes the metrics at one evaluation instant and freezes them (DESIGN 8.1): the snapshot a
// canary stage, or a rollback's health re-check, is judged on, with its canonical bytes, which
// the step stores before anything judges them (deploy/judge-snapshot.ts).
import { encodeCanonical } from '../../core/cbor.js';
import type { Config } from '../../config/schema.js';
import { freezeSnapshot, type MetricsSnapshot, type SnapshotSubject } from '../../deploy/metrics-snapshot.js';
import { metricsSourceOf, readMetrics } from './read-metrics.js';

export interface TakenSnapshot {
  readonly snapshot: MetricsSnapshot;
  readonly bytes: Uint8Array;
  /** Attempts it took (1 when the source answered the first time). */
  readonly attempts: number;
}

export async function takeSnapshot(input: {
  readonly config: Config;
  readonly workspace: string;
  readonly subject: SnapshotSubject;
  /** An input's overrides of the config's metrics source. */
  readonly metrics: Parameters<typeof metricsSourceOf>[1];
  readonly env: Readonly<Record<string, string>>;
  /** Epoch seconds: the evaluation instant. */
  readonly at: number;
  readonly sleep: (ms: number) => Promise<void>;
}): Promise<TakenSnapshot> {
  const { config } = input;
  const raw = await readMetrics(metricsSourceOf(config.metrics, input.metrics), input.workspace, {
    evaluation_unix: input.at,
    window_seconds: config.rollout.metrics_window_seconds,
    timeout_ms: config.metrics.timeout_seconds * 1000,
    retries: config.metrics.retries,
    backoff_base_ms: 1000,
    env: input.env,
    sleep: input.sleep,
  });
  const snapshot = freezeSnapshot(input.subject, raw, config.rollout.metrics_window_seconds, input.at);
  return { snapshot, bytes: encodeCanonical(snapshot), attempts: raw.attempts };
}
