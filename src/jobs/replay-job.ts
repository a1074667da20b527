// `rollgate replay`: re-judges every stored snapshot of a state and every rollout gate report,
// and checks that each re-judgement is byte-identical to what was recorded (same hashes, same
// verdicts). Thresholds and health are taken from the recorded reports: replay proves the
// judgement is a function of the evidence, not of today's config.
import { resolve } from 'node:path';
import { equalBytes } from '../core/bytes.js';
import { encodeCanonical } from '../core/cbor.js';
import { formatDigest, sha256 } from '../core/digest.js';
import { compareText } from '../core/errors.js';
import type { EvidenceEntry } from '../core/lineage.js';
import { evaluateHealthGates, gateReportReader, recordedThresholds } from '../deploy/health-gates.js';
import { metricsSnapshotReader } from '../deploy/metrics-snapshot.js';
import { findEvidence } from '../deploy/rollout-evidence.js';
import { judgeRollout, recordedRolloutThresholds } from '../deploy/rollout-gate.js';
import { rolloutGateReportReader } from '../deploy/rollout-gate-report.js';
import { shardEvidence } from '../deploy/shard-evidence.js';
import { ObjectStore } from '../store/object-store.js';
import type { StepHead } from '../store/step-head-schema.js';
import { MERGED_HEAD_EVIDENCE, verifyChain } from '../store/step-heads.js';

export interface ReplayCheck {
  readonly object_type: 'gate_report' | 'rollout_gate_report';
  readonly object_id: string;
  readonly recorded_hash: string;
  readonly replayed_hash: string;
  readonly verdict: string;
  readonly identical: boolean;
}

export interface ReplayResult {
  readonly state: string;
  readonly checks: readonly ReplayCheck[];
  readonly identical: boolean;
}

export async function replayJob(options: {
  workspace: string;
  stateDir: string;
  state: Uint8Array;
}): Promise<ReplayResult> {
  const store = new ObjectStore(resolve(options.workspace, options.stateDir));
  const chain = await verifyChain(store, options.state);
  const head = chain[chain.length - 1]!;
  const checks: ReplayCheck[] = [];
  // The stages of this chain and of every shard chain a gate merged into it.
  const heads = [head];
  for (const merged of head.evidence.filter((e) => e.object_type === MERGED_HEAD_EVIDENCE)) {
    const shardChain = await verifyChain(store, merged.digest);
    heads.push(shardChain[shardChain.length - 1]!);
  }
  const stages = new Map<string, { head: StepHead; entry: EvidenceEntry }>();
  for (const h of heads)
    for (const entry of h.evidence.filter((e) => e.object_type === 'gate_report'))
      stages.set(`${entry.object_id} ${formatDigest(entry.digest)}`, { head: h, entry });
  const ordered = [...stages.values()].sort((a, b) => compareText(a.entry.object_id, b.entry.object_id));
  for (const { head: owner, entry } of ordered) {
    const recorded = await store.get(entry.digest);
    const report = gateReportReader.read(recorded, entry);
    const snapshotEntry = findEvidence(owner, 'metrics_snapshot', entry.object_id);
    const snapshotBytes = snapshotEntry ? await store.get(snapshotEntry.digest) : undefined;
    const replayed =
      snapshotEntry && snapshotBytes && equalBytes(sha256(snapshotBytes), report.metrics_snapshot_hash)
        ? encodeCanonical(
            evaluateHealthGates(
              metricsSnapshotReader.read(snapshotBytes, snapshotEntry),
              sha256(snapshotBytes),
              recordedThresholds(report),
            ),
          )
        : new Uint8Array(0);
    checks.push({
      object_type: 'gate_report',
      object_id: entry.object_id,
      recorded_hash: formatDigest(sha256(recorded)),
      replayed_hash: replayed.length > 0 ? formatDigest(sha256(replayed)) : 'snapshot missing or altered',
      verdict: report.verdict,
      identical: equalBytes(recorded, replayed),
    });
  }
  for (const entry of head.evidence.filter((e) => e.object_type === 'rollout_gate_report')) {
    const recorded = await store.get(entry.digest);
    const report = rolloutGateReportReader.read(recorded, entry);
    const shards = await Promise.all(
      report.shards.map((s) => shardEvidence(store, s.state, report.environment, report.release_hash)),
    );
    const replayed = encodeCanonical(
      judgeRollout({
        release_hash: report.release_hash,
        environment: report.environment,
        shards,
        thresholds: recordedRolloutThresholds(report),
        health: report.health,
      }),
    );
    checks.push({
      object_type: 'rollout_gate_report',
      object_id: entry.object_id,
      recorded_hash: formatDigest(sha256(recorded)),
      replayed_hash: formatDigest(sha256(replayed)),
      verdict: report.verdict,
      identical: equalBytes(recorded, replayed),
    });
  }
  return { state: formatDigest(options.state), checks, identical: checks.every((c) => c.identical) };
}
