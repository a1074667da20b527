// The report of one canary stage (DESIGN 8.1): what the traffic command did, the frozen
// snapshot and gate report it was judged on, the verdict, the checkpoint it left and what
// happens next. Its canonical CBOR is stored as evidence beside the snapshot and gate report.
import { Type } from '@sinclair/typebox';
import { Count, Digest32, evidenceReader, Exact, OneOf, type EvidenceReader } from '../core/evidence-reader.js';
import { ROLLOUT_STATUSES, type RolloutCheckpoint } from './checkpoint.js';

export const STAGE_REPORT_VERSION = 'rollgate.stage-report/v1';

export interface TrafficRecord {
  readonly command: string;
  readonly exit_code: number;
  readonly stdout: string;
  readonly stdout_truncated: boolean;
  readonly stderr: string;
  readonly stderr_truncated: boolean;
}

export const NEXT_STEPS = ['next_stage', 'gate', 'rollback'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

export interface StageReport {
  readonly report_version: typeof STAGE_REPORT_VERSION;
  readonly release_hash: Uint8Array;
  readonly environment: string;
  readonly shard_id: string;
  readonly stage_index: number;
  readonly cohort_percent: number;
  readonly dwell_seconds: number;
  /** Null when the config names no traffic command (traffic is shifted outside rollgate). */
  readonly traffic: TrafficRecord | null;
  readonly metrics_attempts: number;
  readonly metrics_snapshot_hash: Uint8Array;
  readonly gate_report_hash: Uint8Array;
  readonly verdict: 'pass' | 'fail';
  readonly checkpoint: {
    readonly cursor: number;
    readonly canary_percent: number;
    readonly status: RolloutCheckpoint['status'];
  };
  readonly next: NextStep;
}

export function nextStep(checkpoint: RolloutCheckpoint): NextStep {
  if (checkpoint.status === 'halted') return 'rollback';
  return checkpoint.status === 'completed' ? 'gate' : 'next_stage';
}

/** The report of a stage judged `verdict`, leaving `checkpoint` (the checkpoint after it). */
export function stageReport(
  stage: Omit<StageReport, 'report_version' | 'checkpoint' | 'next'>,
  checkpoint: RolloutCheckpoint,
): StageReport {
  return {
    report_version: STAGE_REPORT_VERSION,
    ...stage,
    checkpoint: { cursor: checkpoint.cursor, canary_percent: checkpoint.canary_percent, status: checkpoint.status },
    next: nextStep(checkpoint),
  };
}

export const NEXT_STEP_TEXT: Readonly<Record<NextStep, string>> = {
  next_stage: 'the next stage may run',
  gate: 'every stage passed: run the gate, then promote',
  rollback: 'a gate breached: the rollout is halted; roll back',
};

export const StageReportSchema = Exact({
  report_version: Type.Literal(STAGE_REPORT_VERSION),
  release_hash: Digest32,
  environment: Type.String(),
  shard_id: Type.String(),
  stage_index: Count,
  cohort_percent: Count,
  dwell_seconds: Count,
  traffic: Type.Union([
    Exact({
      command: Type.String(),
      exit_code: Type.Integer(),
      stdout: Type.String(),
      stdout_truncated: Type.Boolean(),
      stderr: Type.String(),
      stderr_truncated: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  metrics_attempts: Count,
  metrics_snapshot_hash: Digest32,
  gate_report_hash: Digest32,
  verdict: OneOf(['pass', 'fail']),
  checkpoint: Exact({ cursor: Count, canary_percent: Count, status: OneOf(ROLLOUT_STATUSES) }),
  next: OneOf(NEXT_STEPS),
});

/** The reader of stored stage reports (evidence type `stage_report`). */
export const stageReportReader: EvidenceReader<StageReport> = evidenceReader('stage_report', StageReportSchema);
