// The rollout operators: the cohort plan (accepted exactly when the rule holds, and then walked
// to completion through checkpoints that restore to themselves), the checkpoint as stored
// canonical CBOR (mutants end in CHECKPOINT_INVALID or restore to exactly their bytes), and the
// rollout gate over generated shards: the same report bytes for any shard order, a verdict that
// follows its triggers, and recorded evidence changed in any byte never passing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes, toHex } from '../../src/core/bytes.js';
import { decodeCanonical, encodeCanonical } from '../../src/core/cbor.js';
import { sha256 } from '../../src/core/digest.js';
import {
  newCheckpoint,
  recordStage,
  remainingStages,
  restoreCheckpoint,
  type RolloutCheckpoint,
} from '../../src/deploy/checkpoint.js';
import { validateCohorts } from '../../src/deploy/cohort-plan.js';
import { evaluateHealthGates, type GateThresholds } from '../../src/deploy/health-gates.js';
import type { MetricsSnapshot } from '../../src/deploy/metrics-snapshot.js';
import { judgeRollout, type HealthInput, type ShardEvidence } from '../../src/deploy/rollout-gate.js';
import { settle } from '../adversarial/harness.js';
import { cborDocuments, mutateBytes } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';
import { SNAPSHOT_VALUES, THRESHOLDS, snapshotOf } from './snapshots.js';

const RELEASE = new Uint8Array(32).fill(1);

/** The rule itself, written out: whole percentages 1..100, strictly increasing, ending at 100. */
const isPlan = (c: readonly number[]) =>
  c.length > 0 &&
  c.at(-1) === 100 &&
  c.every((x, i) => Number.isInteger(x) && x >= 1 && x <= 100 && (i === 0 || x > c[i - 1]!));

const VALID_PLAN = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 6 })
  .map((c) => [...c.sort((a, b) => a - b), 100]);
const PLAN = fc.oneof(
  VALID_PLAN,
  fc.tuple(VALID_PLAN, fc.nat(), fc.oneof(fc.integer({ min: -1, max: 101 }), fc.double())).map(([c, at, x]) => {
    const copy = [...c];
    copy[at % copy.length] = x;
    return copy;
  }),
  fc.array(fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double()), { maxLength: 6 }),
);

const gateState = (stage_index: number, cohort_percent: number, verdict: 'pass' | 'fail') => ({
  stage_index,
  cohort_percent,
  verdict,
  metrics_snapshot_hash: new Uint8Array(32).fill(stage_index),
  gate_report_hash: new Uint8Array(32).fill(100 + stage_index),
});
const restored = (c: RolloutCheckpoint) => restoreCheckpoint(decodeCanonical(encodeCanonical(c)));

/** A shard's honest evidence: every stage judged on a generated snapshot, in plan order, until one fails. */
function shardOf(
  shard_id: string,
  cohorts: readonly number[],
  values: readonly MetricsSnapshot['values'][],
  t: GateThresholds,
): ShardEvidence {
  let checkpoint = newCheckpoint(RELEASE, 'staging', cohorts);
  const stages = [];
  for (const [stage_index, v] of values.slice(0, cohorts.length).entries()) {
    const snapshot = snapshotOf(v, { shard_id, stage_index, cohort_percent: cohorts[stage_index]! });
    const snapshot_bytes = encodeCanonical(snapshot);
    const report = evaluateHealthGates(snapshot, sha256(snapshot_bytes), t);
    const gate_report_bytes = encodeCanonical(report);
    stages.push({ stage_index, cohort_percent: cohorts[stage_index]!, snapshot_bytes, gate_report_bytes });
    checkpoint = recordStage(checkpoint, {
      stage_index,
      cohort_percent: cohorts[stage_index]!,
      verdict: report.verdict,
      metrics_snapshot_hash: sha256(snapshot_bytes),
      gate_report_hash: sha256(gate_report_bytes),
    });
    if (report.verdict === 'fail') break;
  }
  return {
    shard_id,
    state: new Uint8Array(32).fill(shard_id.length),
    checkpoint,
    stages,
    preflight: { release_hash: RELEASE, passed: true, detail: 'preflight passed' },
  };
}

const HEALTH: fc.Arbitrary<HealthInput> = fc.record({
  state: fc.constantFrom('healthy', 'degraded'),
  rollout_gate: fc.constantFrom('pass', 'hold'),
  reason: fc.constant('from the stage verdicts'),
  source: fc.constant('stage verdicts'),
});
const ROLLOUT = fc.record({
  cohorts: VALID_PLAN,
  shards: fc.uniqueArray(
    fc.tuple(fc.constantFrom('eu', 'us', 'ap', 'sa'), fc.array(SNAPSHOT_VALUES, { maxLength: 4 })),
    {
      minLength: 1,
      maxLength: 3,
      selector: ([id]) => id,
    },
  ),
  thresholds: THRESHOLDS,
  health: HEALTH,
  order: fc.nat(),
});

const judge = (shards: readonly ShardEvidence[], thresholds: GateThresholds, health: HealthInput) =>
  judgeRollout({ release_hash: RELEASE, environment: 'staging', shards, thresholds, health });

describe('rollout operators', () => {
  it('cohort plans: accepted exactly when the rule holds, then walked to completion through restorable checkpoints', async () => {
    await fuzz('deploy/cohort-plan', PLAN, async (cohorts) => {
      const outcome = await settle(() => validateCohorts(cohorts), ['COHORT_PLAN_INVALID']);
      expect(outcome.ok).toBe(isPlan(cohorts));
      if (!outcome.ok) return false;
      let checkpoint = newCheckpoint(RELEASE, 'staging', cohorts);
      for (const [i, cohort] of cohorts.entries()) {
        expect(remainingStages(checkpoint).map((s) => s.cohort_percent)).toEqual(cohorts.slice(i));
        expect(restored(checkpoint)).toEqual(checkpoint);
        checkpoint = recordStage(checkpoint, gateState(i, cohort, 'pass'));
      }
      expect(checkpoint).toMatchObject({ status: 'completed', canary_percent: 100, cursor: cohorts.length });
      expect(restored(checkpoint)).toEqual(checkpoint);
      return true;
    });
  });

  it('stored checkpoints: mutants end in a coded refusal or restore to exactly their bytes', async () => {
    let judged = newCheckpoint(RELEASE, 'production', [5, 50, 100]);
    judged = recordStage(recordStage(judged, gateState(0, 5, 'pass')), gateState(1, 50, 'fail'));
    const codes = ['CHECKPOINT_INVALID', 'CBOR_DECODE_INVALID', 'CBOR_NONCANONICAL'] as const;
    await fuzz('deploy/checkpoint', cborDocuments(judged), async (bytes) => {
      const outcome = await settle(() => restoreCheckpoint(decodeCanonical(bytes)), codes);
      if (outcome.ok) expect(toHex(encodeCanonical(outcome.value))).toBe(toHex(bytes));
      return outcome.ok;
    });
  });

  it('the rollout gate: the same bytes for any shard order, and a verdict that follows its triggers', async () => {
    await fuzz('deploy/rollout-gate', ROLLOUT, ({ cohorts, shards, thresholds, health, order }) => {
      const evidence = shards.map(([id, values]) => shardOf(id, cohorts, values, thresholds));
      const report = judge(evidence, thresholds, health);
      const rotated = [...evidence.slice(order % evidence.length), ...evidence.slice(0, order % evidence.length)];
      expect(toHex(encodeCanonical(judge(rotated.reverse(), thresholds, health)))).toBe(toHex(encodeCanonical(report)));
      const fired = report.rollback_triggers.some((t) => t.fired);
      const breached = report.stages.some((s) => s.verdict === 'fail');
      const unfinished = evidence.some((s) => s.checkpoint!.status === 'in_progress');
      expect(report.verdict).toBe(fired ? 'fail' : unfinished || health.rollout_gate === 'hold' ? 'hold' : 'pass');
      expect(fired).toBe(breached);
      expect(report.stages.every((s) => s.shards.every((r) => r.replayed))).toBe(true);
      return report.verdict === 'pass';
    });
  });

  it('the rollout gate: recorded evidence changed in any byte never passes', async () => {
    const input = ROLLOUT.chain((rollout) => {
      const evidence = rollout.shards.map(([id, values]) => shardOf(id, rollout.cohorts, values, rollout.thresholds));
      const recorded = evidence.flatMap((s, i) =>
        s.stages.flatMap((g, j) => [
          [i, j, 'snapshot_bytes', g.snapshot_bytes!] as const,
          [i, j, 'gate_report_bytes', g.gate_report_bytes!] as const,
        ]),
      );
      if (recorded.length === 0) return fc.constant({ ...rollout, evidence, tampered: evidence });
      return fc.constantFrom(...recorded).chain(([i, j, field, bytes]) =>
        fc.oneof(cborDocuments(decodeCanonical(bytes)), mutateBytes(bytes)).map((changed) => {
          const tampered = evidence.map((s, k) =>
            k !== i ? s : { ...s, stages: s.stages.map((g, m) => (m !== j ? g : { ...g, [field]: changed })) },
          );
          return { ...rollout, evidence, tampered };
        }),
      );
    });
    const codes = ['CBOR_DECODE_INVALID', 'CBOR_NONCANONICAL'] as const;
    await fuzz('deploy/rollout-gate-tampered', input, async ({ thresholds, health, evidence, tampered }) => {
      const outcome = await settle(() => judge(tampered, thresholds, health), codes);
      const same = tampered.every((s, i) =>
        s.stages.every(
          (g, j) =>
            equalBytes(g.snapshot_bytes!, evidence[i]!.stages[j]!.snapshot_bytes!) &&
            equalBytes(g.gate_report_bytes!, evidence[i]!.stages[j]!.gate_report_bytes!),
        ),
      );
      if (outcome.ok && !same) expect(outcome.value.verdict).toBe('fail');
      return outcome.ok;
    });
  });
});
