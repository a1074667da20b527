// What a rollout step reads from a verified state chain, each object through its kind's reader:
// the preflight report of the environment (and whether it admits a rollout), the rollout
// checkpoint, each judged stage's evidence, and the failed stage a rollback answers. Evidence ids
// name the environment, shard and stage, so the head's sorted evidence list reads in rollout order.
import { equalBytes } from '../core/bytes.js';
import { compareText, RollgateError } from '../core/errors.js';
import type { EvidenceEntry } from '../core/lineage.js';
import { preflightReportReader } from '../release/preflight-report.js';
import type { StepHead } from '../store/step-head-schema.js';
import type { ObjectReader } from '../store/step-heads.js';
import { restoreCheckpoint, type RolloutCheckpoint } from './checkpoint.js';
import { gateReportReader, type GateReport } from './health-gates.js';
import { metricsSnapshotReader, type MetricsSnapshot } from './metrics-snapshot.js';
import { stageReportReader, type StageReport } from './stage-report.js';

export const STAGE_EVIDENCE = ['metrics_snapshot', 'gate_report', 'stage_report'] as const;
export type StageEvidenceType = (typeof STAGE_EVIDENCE)[number];

export function stageEvidenceId(environment: string, shard: string, stageIndex: number): string {
  return `${environment}/${shard}/stage-${String(stageIndex).padStart(3, '0')}`;
}

export function findEvidence(head: StepHead, type: string, id: string): EvidenceEntry | undefined {
  return head.evidence.find((e) => e.object_type === type && e.object_id === id);
}

export interface PreflightSummary {
  readonly release_hash: Uint8Array;
  readonly verdict: string;
  readonly failed_checks: readonly string[];
}

export async function readPreflight(
  store: ObjectReader,
  head: StepHead,
  environment: string,
): Promise<PreflightSummary | undefined> {
  const entry = findEvidence(head, 'preflight_report', environment);
  if (!entry) return undefined;
  const report = preflightReportReader.read(await store.get(entry.digest), entry);
  return {
    release_hash: report.release_hash,
    verdict: report.verdict,
    failed_checks: report.checks
      .filter((c) => c.result !== 'pass')
      .map((c) => c.check)
      .sort(compareText),
  };
}

/**
 * The release a rollout of `environment` may stage: the one its preflight passed. No preflight
 * is the missing_trace_artifacts trigger; a failed signature check is signature_mismatch
 * (SIGNATURE_INVALID); any other failed check leaves the release incompatible with the
 * environment (CHECKPOINT_INCOMPATIBLE). No stage runs in either case.
 */
export function admittedRelease(preflight: PreflightSummary | undefined, environment: string): Uint8Array {
  if (!preflight) {
    throw new RollgateError(
      'TRACE_ARTIFACT_MISSING',
      `rollback trigger missing_trace_artifacts: the state has no preflight report for ${environment}; run preflight first`,
    );
  }
  if (preflight.verdict !== 'pass') {
    const code = preflight.failed_checks.includes('signatures') ? 'SIGNATURE_INVALID' : 'CHECKPOINT_INCOMPATIBLE';
    throw new RollgateError(
      code,
      `${code === 'SIGNATURE_INVALID' ? 'rollback trigger signature_mismatch: ' : ''}preflight of ${environment} failed (${preflight.failed_checks.join(', ')}); no stage runs`,
    );
  }
  return preflight.release_hash;
}

/** The head's rollout checkpoint when it is this release's rollout in this environment. */
export async function readCheckpoint(
  store: ObjectReader,
  head: StepHead,
  releaseHash: Uint8Array,
  environment: string,
): Promise<RolloutCheckpoint | undefined> {
  if (head.checkpoint === null) return undefined;
  const checkpoint = restoreCheckpoint(await store.getValue(head.checkpoint), head.checkpoint);
  const same = checkpoint.environment === environment && equalBytes(checkpoint.release_hash, releaseHash);
  return same ? checkpoint : undefined;
}

export interface StageEvidence {
  readonly report: StageReport;
  readonly snapshot: MetricsSnapshot;
  readonly gate_report: GateReport;
  readonly report_hash: Uint8Array;
}

/** One judged stage's evidence as recorded: its stage report, snapshot and gate report. */
export async function readStageEvidence(store: ObjectReader, head: StepHead, id: string): Promise<StageEvidence> {
  const entry = (type: StageEvidenceType) => {
    const found = findEvidence(head, type, id);
    if (!found) throw new RollgateError('TRACE_ARTIFACT_MISSING', `the state has no ${type} ${id}`);
    return found;
  };
  const [report, snapshot, gate] = [entry('stage_report'), entry('metrics_snapshot'), entry('gate_report')];
  return {
    report: stageReportReader.read(await store.get(report.digest), report),
    snapshot: metricsSnapshotReader.read(await store.get(snapshot.digest), snapshot),
    gate_report: gateReportReader.read(await store.get(gate.digest), gate),
    report_hash: report.digest,
  };
}

/**
 * The release whose rollout the state shows in the environment, and when its last failed stage
 * was measured (undefined when no stage failed): where a rollback's recovery time counts from.
 */
export async function readFailedRollout(
  store: ObjectReader,
  head: StepHead,
  environment: string,
): Promise<{ release_hash: Uint8Array; at_utc: string | undefined } | undefined> {
  const preflight = await readPreflight(store, head, environment);
  if (!preflight) return undefined;
  let at_utc: string | undefined;
  for (const entry of head.evidence.filter(
    (e) => e.object_type === 'gate_report' && e.object_id.startsWith(`${environment}/`),
  )) {
    const report = gateReportReader.read(await store.get(entry.digest), entry);
    if (report.verdict !== 'fail') continue;
    const snapshot = findEvidence(head, 'metrics_snapshot', entry.object_id);
    if (snapshot) at_utc = metricsSnapshotReader.read(await store.get(snapshot.digest), snapshot).evaluation_time_utc;
  }
  return { release_hash: preflight.release_hash, at_utc };
}
