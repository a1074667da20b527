// What the rollout gate judges of one shard (DESIGN 3): read from the shard's verified state
// chain, the shard it ran as, its preflight, its rollout checkpoint, and each judged stage's
// stored snapshot and gate report bytes exactly as committed. Used by the gate step and by
// replay, so a replayed gate reads its shards as the gate did.
import { RollgateError } from '../core/errors.js';
import type { StepHead } from '../store/step-head-schema.js';
import { verifyChain, type ObjectReader } from '../store/step-heads.js';
import type { ShardEvidence } from './rollout-gate.js';
import { findEvidence, readCheckpoint, readPreflight, stageEvidenceId } from './rollout-evidence.js';

/** The shard id a head's stages were run as: the one its stage evidence names. */
export function shardIdOf(head: StepHead, environment: string): string {
  const prefix = `${environment}/`;
  const ids = new Set(
    head.evidence
      .filter((e) => e.object_type === 'stage_report' && e.object_id.startsWith(prefix))
      .map((e) => e.object_id.slice(prefix.length).replace(/\/stage-\d+$/, '')),
  );
  if (ids.size > 1) {
    throw new RollgateError(
      'TRACE_ARTIFACT_MISSING',
      `state ${head.run_id} holds stages of several shards: ${[...ids].join(', ')}`,
    );
  }
  return [...ids][0] ?? 'default';
}

/** `releaseHash` is the release being judged; undefined takes the one the shard's preflight names. */
export async function shardEvidence(
  store: ObjectReader,
  state: Uint8Array,
  environment: string,
  releaseHash: Uint8Array | undefined,
): Promise<ShardEvidence> {
  const chain = await verifyChain(store, state);
  const head = chain[chain.length - 1]!;
  const shard = shardIdOf(head, environment);
  const preflight = await readPreflight(store, head, environment);
  const release = releaseHash ?? preflight?.release_hash;
  const checkpoint = release ? await readCheckpoint(store, head, release, environment) : undefined;
  const stages = await Promise.all(
    (checkpoint?.gate_states ?? []).map(async (g) => {
      const id = stageEvidenceId(environment, shard, g.stage_index);
      const bytes = async (type: string) => {
        const entry = findEvidence(head, type, id);
        return entry ? store.get(entry.digest) : undefined;
      };
      return {
        stage_index: g.stage_index,
        cohort_percent: g.cohort_percent,
        snapshot_bytes: await bytes('metrics_snapshot'),
        gate_report_bytes: await bytes('gate_report'),
      };
    }),
  );
  return {
    shard_id: shard,
    state,
    checkpoint,
    stages,
    preflight: preflight && {
      release_hash: preflight.release_hash,
      passed: preflight.verdict === 'pass',
      detail: preflight.verdict === 'pass' ? 'passed' : `preflight failed: ${preflight.failed_checks.join(', ')}`,
    },
  };
}
