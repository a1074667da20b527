// What a rollout step reads from a verified state chain: the preflight report of the
// environment, the rollout checkpoint, and each judged stage's evidence. Evidence ids name the
// environment, shard and stage, so the head's sorted evidence list reads in rollout order.
import { decodeCanonical } from '../core/cbor.js';
import { compareText, RollgateError } from '../core/errors.js';
import type { EvidenceEntry } from '../core/lineage.js';
import type { StepHead } from '../store/step-head-schema.js';
import type { ObjectReader } from '../store/step-heads.js';
import { restoreCheckpoint, type RolloutCheckpoint } from './checkpoint.js';

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
  const report = decodeCanonical(await store.get(entry.digest)) as Record<string, unknown>;
  const checks = Array.isArray(report.checks) ? (report.checks as Array<Record<string, unknown>>) : [];
  if (!(report.release_hash instanceof Uint8Array)) {
    throw new RollgateError('TRACE_ARTIFACT_MISSING', `preflight report of ${environment} has no release_hash`);
  }
  return {
    release_hash: report.release_hash,
    verdict: String(report.verdict),
    failed_checks: checks
      .filter((c) => c.result !== 'pass')
      .map((c) => String(c.check))
      .sort(compareText),
  };
}

/** The head's rollout checkpoint when it is this release's rollout in this environment. */
export async function readCheckpoint(
  store: ObjectReader,
  head: StepHead,
  releaseHash: Uint8Array,
  environment: string,
): Promise<RolloutCheckpoint | undefined> {
  if (head.checkpoint === null) return undefined;
  const checkpoint = restoreCheckpoint(await store.getValue(head.checkpoint));
  const same =
    checkpoint.environment === environment && Buffer.from(checkpoint.release_hash).equals(Buffer.from(releaseHash));
  return same ? checkpoint : undefined;
}
