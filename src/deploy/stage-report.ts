// The report of one canary stage (DESIGN 8.1): what the traffic command did, the frozen
// snapshot and gate report it was judged on, the verdict, the checkpoint it left and what
// happens next. Its canonical CBOR is stored as evidence beside the snapshot and gate report.
import type { RolloutCheckpoint } from './checkpoint.js';

export const STAGE_REPORT_VERSION = 'rollgate.stage-report/v1';

export interface TrafficRecord {
  readonly command: string;
  readonly exit_code: number;
  readonly stdout: string;
  readonly stdout_truncated: boolean;
  readonly stderr: string;
  readonly stderr_truncated: boolean;
}

export type NextStep = 'next_stage' | 'gate' | 'rollback';

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

export const NEXT_STEP_TEXT: Readonly<Record<NextStep, string>> = {
  next_stage: 'the next stage may run',
  gate: 'every stage passed: run the gate, then promote',
  rollback: 'a gate breached: the rollout is halted; roll back',
};
