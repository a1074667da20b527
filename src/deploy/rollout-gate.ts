// The rollout gate (DESIGN 3, 8.1): judges every stage of every shard again from its frozen
// snapshot, checks each re-judgement is byte-identical to the recorded gate report, and decides
// pass | hold | fail. Shards are taken sorted by id, so arrival order cannot change the verdict.
// fail: a rollback trigger fired (a breach at any stage, a signature mismatch, evidence missing
// or not replaying). hold: nothing failed, but a shard has stages left or health says hold.
import { equalBytes } from '../core/bytes.js';
import { encodeCanonical, type F64 } from '../core/cbor.js';
import { formatDigest, sha256 } from '../core/digest.js';
import { compareText, RollgateError } from '../core/errors.js';
import type { RolloutCheckpoint } from './checkpoint.js';
import { thresholdsValue, type GateResult, type GateThresholds } from './health-gates.js';
import { metricsSnapshotReader, type MetricsSnapshot } from './metrics-snapshot.js';
import { evaluateShards } from './shard-gates.js';

export const ROLLOUT_GATE_OPERATOR = 'UML_OS.Deploy.RolloutGate_v1';
export const ROLLOUT_GATE_REPORT_VERSION = 'rollgate.rollout-gate-report/v1';

export type TriggerName = 'gate_breach' | 'signature_mismatch' | 'missing_trace_artifacts';

export interface RollbackTrigger {
  readonly trigger: TriggerName;
  readonly fired: boolean;
  readonly details: readonly string[];
}

export interface RecordedStage {
  readonly stage_index: number;
  readonly cohort_percent: number;
  /** The stored bytes, exactly as the stage committed them. */
  readonly snapshot_bytes: Uint8Array | undefined;
  readonly gate_report_bytes: Uint8Array | undefined;
}

export interface ShardEvidence {
  readonly shard_id: string;
  readonly state: Uint8Array;
  readonly checkpoint: RolloutCheckpoint | undefined;
  readonly stages: readonly RecordedStage[];
  /** The release the shard's preflight passed, or why it did not. */
  readonly preflight:
    { readonly release_hash: Uint8Array; readonly passed: boolean; readonly detail: string } | undefined;
}

export interface HealthInput {
  readonly state: string;
  readonly rollout_gate: 'pass' | 'hold';
  readonly reason: string;
  readonly source: 'state.json' | 'stage verdicts';
}

export interface ShardStageResult {
  readonly shard_id: string;
  readonly metrics_snapshot_hash: Uint8Array;
  readonly gate_report_hash: Uint8Array;
  readonly replayed: boolean;
  readonly verdict: 'pass' | 'fail';
  readonly gates: readonly GateResult[];
}

export interface StageResult {
  readonly stage_index: number;
  readonly cohort_percent: number;
  readonly shards: readonly ShardStageResult[];
  readonly verdict: 'pass' | 'fail';
}

export interface RolloutGateReport {
  readonly report_version: typeof ROLLOUT_GATE_REPORT_VERSION;
  readonly operator: typeof ROLLOUT_GATE_OPERATOR;
  readonly release_hash: Uint8Array;
  readonly environment: string;
  readonly thresholds: {
    readonly error_rate_max: F64;
    readonly p95_latency_delta_max: F64;
    readonly replay_determinism_failures_max: number;
  };
  readonly shards: ReadonlyArray<{
    readonly shard_id: string;
    readonly state: Uint8Array;
    readonly status: string;
    readonly stages_judged: number;
    readonly stages_planned: number;
  }>;
  readonly stages: readonly StageResult[];
  readonly health: HealthInput;
  readonly rollback_triggers: readonly RollbackTrigger[];
  readonly holds: readonly string[];
  readonly verdict: 'pass' | 'hold' | 'fail';
}

export function judgeRollout(input: {
  readonly release_hash: Uint8Array;
  readonly environment: string;
  readonly shards: readonly ShardEvidence[];
  readonly thresholds: GateThresholds;
  readonly health: HealthInput;
}): RolloutGateReport {
  const shards = [...input.shards].sort((a, b) => compareText(a.shard_id, b.shard_id));
  const breach: string[] = [];
  const signature: string[] = [];
  const missing: string[] = [];
  const holds: string[] = [];
  if (shards.length === 0) missing.push('no shard state to judge');
  for (let i = 1; i < shards.length; i++) {
    if (shards[i - 1]!.shard_id === shards[i]!.shard_id) missing.push(`shard ${shards[i]!.shard_id} given twice`);
  }
  for (const shard of shards) {
    if (!shard.preflight) missing.push(`shard ${shard.shard_id}: no preflight report for ${input.environment}`);
    else if (!equalBytes(shard.preflight.release_hash, input.release_hash))
      signature.push(
        `shard ${shard.shard_id}: preflight passed ${formatDigest(shard.preflight.release_hash)}, not this release`,
      );
    else if (!shard.preflight.passed) signature.push(`shard ${shard.shard_id}: ${shard.preflight.detail}`);
    if (!shard.checkpoint)
      missing.push(`shard ${shard.shard_id}: no rollout checkpoint for this release in ${input.environment}`);
    else if (shard.checkpoint.status === 'in_progress')
      holds.push(`shard ${shard.shard_id}: ${shard.checkpoint.cohorts.length - shard.checkpoint.cursor} stage(s) left`);
  }
  const stageIndexes = [...new Set(shards.flatMap((s) => s.stages.map((g) => g.stage_index)))].sort((a, b) => a - b);
  const stages: StageResult[] = [];
  for (const index of stageIndexes) {
    const present: Array<{ snapshot: MetricsSnapshot; hash: Uint8Array; recorded: Uint8Array }> = [];
    for (const shard of shards) {
      const stage = shard.stages.find((g) => g.stage_index === index);
      if (!stage) continue;
      if (!stage.snapshot_bytes || !stage.gate_report_bytes) {
        missing.push(
          `shard ${shard.shard_id}: stage ${index} has no ${stage.snapshot_bytes ? 'gate report' : 'metrics snapshot'}`,
        );
        continue;
      }
      // Evidence from a state bundle may be damaged or hostile: a snapshot that does not read
      // as one is missing evidence, not a crash of the gate.
      const decoded = metricsSnapshotReader.decode(stage.snapshot_bytes, {
        object_id: `${shard.shard_id} stage ${index}`,
      });
      if (!decoded.ok) {
        missing.push(`shard ${shard.shard_id}: stage ${index}'s metrics snapshot does not decode as one`);
        continue;
      }
      const snapshot = decoded.value;
      if (snapshot.shard_id !== shard.shard_id) {
        missing.push(`shard ${shard.shard_id}: stage ${index}'s snapshot belongs to shard ${snapshot.shard_id}`);
        continue;
      }
      present.push({ snapshot, hash: sha256(stage.snapshot_bytes), recorded: stage.gate_report_bytes });
    }
    if (present.length === 0) continue;
    let judged;
    try {
      judged = evaluateShards(present, input.thresholds);
    } catch (error) {
      if (!(error instanceof RollgateError)) throw error;
      missing.push(`stage ${index}: ${error.message}`);
      continue;
    }
    const bySorted = [...present].sort((a, b) => compareText(a.snapshot.shard_id, b.snapshot.shard_id));
    const results = judged.shards.map((report, i): ShardStageResult => {
      const replayed = equalBytes(encodeCanonical(report), bySorted[i]!.recorded);
      if (!replayed)
        missing.push(`shard ${report.shard_id}: stage ${index}'s gate report does not replay from its snapshot`);
      if (report.verdict === 'fail')
        breach.push(
          `shard ${report.shard_id} stage ${index} (${report.cohort_percent}%): ${report.gates
            .filter((g) => g.result === 'fail')
            .map((g) => `${g.gate} ${g.reason}`)
            .join('; ')}`,
        );
      return {
        shard_id: report.shard_id,
        metrics_snapshot_hash: report.metrics_snapshot_hash,
        gate_report_hash: sha256(bySorted[i]!.recorded),
        replayed,
        verdict: report.verdict,
        gates: report.gates,
      };
    });
    stages.push({
      stage_index: index,
      cohort_percent: present[0]!.snapshot.cohort_percent,
      shards: results,
      verdict: judged.verdict,
    });
  }
  if (input.health.rollout_gate === 'hold') holds.push(`health ${input.health.state}: ${input.health.reason}`);
  const triggers: RollbackTrigger[] = [
    { trigger: 'gate_breach', fired: breach.length > 0, details: breach },
    { trigger: 'signature_mismatch', fired: signature.length > 0, details: signature },
    { trigger: 'missing_trace_artifacts', fired: missing.length > 0, details: missing },
  ];
  const verdict = triggers.some((t) => t.fired) ? 'fail' : holds.length > 0 ? 'hold' : 'pass';
  return {
    report_version: ROLLOUT_GATE_REPORT_VERSION,
    operator: ROLLOUT_GATE_OPERATOR,
    release_hash: input.release_hash,
    environment: input.environment,
    thresholds: thresholdsValue(input.thresholds),
    shards: shards.map((s) => ({
      shard_id: s.shard_id,
      state: s.state,
      status: s.checkpoint?.status ?? 'missing',
      stages_judged: s.checkpoint?.gate_states.length ?? 0,
      stages_planned: s.checkpoint?.cohorts.length ?? 0,
    })),
    stages,
    health: input.health,
    rollback_triggers: triggers,
    holds,
    verdict,
  };
}

/** The thresholds a recorded rollout gate report was judged with. */
export function recordedRolloutThresholds(report: RolloutGateReport): GateThresholds {
  return {
    error_rate_max: report.thresholds.error_rate_max.value,
    p95_latency_delta_max: report.thresholds.p95_latency_delta_max.value,
    replay_determinism_failures_max: report.thresholds.replay_determinism_failures_max,
  };
}
