// Takes the metrics at one evaluation instant, freezes and stores the snapshot, and judges it
// with EvaluateHealthGates_v1 from the stored bytes, twice (DESIGN 8.1): shared by canary
// stages and the health re-check after a rollback, so both are judged the same way.
import { equalBytes } from '../core/bytes.js';
import { decodeCanonical, encodeCanonical } from '../core/cbor.js';
import { sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { formatUtc } from '../core/utc-time.js';
import type { Config } from '../config/schema.js';
import { evaluateHealthGates, type GateReport } from '../deploy/health-gates.js';
import { freezeValues, SNAPSHOT_VERSION, type MetricsSnapshot } from '../deploy/metrics-snapshot.js';
import { metricsSourceOf, readMetrics } from '../providers/metrics/read-metrics.js';
import type { ObjectStore } from '../store/object-store.js';

export interface JudgedMetrics {
  readonly snapshot: MetricsSnapshot;
  readonly snapshot_bytes: Uint8Array;
  readonly snapshot_hash: Uint8Array;
  readonly gate_report: GateReport;
  readonly gate_report_bytes: Uint8Array;
  readonly gate_report_hash: Uint8Array;
  readonly attempts: number;
}

export async function judgeMetrics(input: {
  readonly store: ObjectStore;
  readonly config: Config;
  readonly workspace: string;
  readonly what: Pick<MetricsSnapshot, 'release_hash' | 'environment' | 'stage_index' | 'cohort_percent' | 'shard_id'>;
  readonly metrics: Parameters<typeof metricsSourceOf>[1];
  readonly env: Readonly<Record<string, string>>;
  /** Epoch seconds: the evaluation instant. */
  readonly at: number;
  readonly sleep: (ms: number) => Promise<void>;
}): Promise<JudgedMetrics> {
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
  const snapshot: MetricsSnapshot = {
    snapshot_version: SNAPSHOT_VERSION,
    ...input.what,
    source: raw.source,
    queries: raw.queries,
    window_seconds: config.rollout.metrics_window_seconds,
    evaluation_time_utc: formatUtc(input.at),
    // A source that does not count replay failures leaves it to rollgate's own replay check
    // below (a snapshot that does not re-judge identically fails the step).
    values: freezeValues({ replay_determinism_failures: 0, ...raw.values }),
  };
  // Frozen and stored before judging: the verdict is computed from these bytes only.
  const snapshotBytes = encodeCanonical(snapshot);
  const [snapshotHash] = await input.store.putMany([snapshotBytes]);
  const judge = () =>
    encodeCanonical(
      evaluateHealthGates(decodeCanonical(snapshotBytes) as unknown as MetricsSnapshot, snapshotHash!, config.gates),
    );
  const gateBytes = judge();
  if (!equalBytes(gateBytes, judge())) {
    throw new RollgateError(
      'REPLAY_DIVERGENCE',
      `${input.what.environment} stage ${input.what.stage_index}: judging the snapshot twice gave two reports`,
    );
  }
  return {
    snapshot,
    snapshot_bytes: snapshotBytes,
    snapshot_hash: snapshotHash!,
    gate_report: decodeCanonical(gateBytes) as unknown as GateReport,
    gate_report_bytes: gateBytes,
    gate_report_hash: sha256(gateBytes),
    attempts: raw.attempts,
  };
}
