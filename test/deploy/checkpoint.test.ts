import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCanonical, encodeCanonical } from '../../src/core/cbor.js';
import {
  newCheckpoint,
  recordStage,
  remainingStages,
  restoreCheckpoint,
  type GateState,
} from '../../src/deploy/checkpoint.js';
import { DEFAULT_COHORTS, validateCohorts } from '../../src/deploy/cohort-plan.js';

const RELEASE = new Uint8Array(32).fill(0xaa);
const gate = (
  stage_index: number,
  cohort_percent: number,
  verdict: 'pass' | 'fail' = 'pass',
  n = stage_index,
): GateState => ({
  stage_index,
  cohort_percent,
  verdict,
  metrics_snapshot_hash: new Uint8Array(32).fill(n + 1),
  gate_report_hash: new Uint8Array(32).fill(n + 100),
});

describe('cohort plan', () => {
  it('accepts the default and refuses every malformed plan with COHORT_PLAN_INVALID', () => {
    expect(validateCohorts(DEFAULT_COHORTS)).toEqual([1, 5, 25, 50, 100]);
    for (const bad of [[], [5, 1, 100], [1, 1, 100], [1, 50], [0, 100], [1.5, 100], [1, 101]]) {
      expect(() => validateCohorts(bad)).toThrow(expect.objectContaining({ code: 'COHORT_PLAN_INVALID' }));
    }
  });
});

describe('rollout checkpoint', () => {
  it('advances stage by stage to completed, with the exposure of the last judged cohort', () => {
    let cp = newCheckpoint(RELEASE, 'staging', DEFAULT_COHORTS);
    expect(remainingStages(cp).map((s) => s.cohort_percent)).toEqual([1, 5, 25, 50, 100]);
    DEFAULT_COHORTS.forEach((c, i) => (cp = recordStage(cp, gate(i, c))));
    expect(cp.status).toBe('completed');
    expect(cp.canary_percent).toBe(100);
    expect(remainingStages(cp)).toEqual([]);
  });

  it('halts at a failed stage and refuses later stages', () => {
    let cp = newCheckpoint(RELEASE, 'staging', DEFAULT_COHORTS);
    cp = recordStage(cp, gate(0, 1));
    cp = recordStage(cp, gate(1, 5, 'fail'));
    expect(cp.status).toBe('halted');
    expect(remainingStages(cp)).toEqual([]);
    expect(() => recordStage(cp, gate(2, 25))).toThrow(expect.objectContaining({ code: 'ROLLOUT_HALTED' }));
  });

  it('refuses a stage out of order or at the wrong cohort', () => {
    const cp = newCheckpoint(RELEASE, 'staging', DEFAULT_COHORTS);
    expect(() => recordStage(cp, gate(1, 5))).toThrow(expect.objectContaining({ code: 'STAGE_OUT_OF_ORDER' }));
    expect(() => recordStage(cp, gate(0, 5))).toThrow(expect.objectContaining({ code: 'STAGE_OUT_OF_ORDER' }));
  });

  it('a re-run of a judged stage with the same evidence changes nothing; with other evidence it is refused', () => {
    const cp = recordStage(newCheckpoint(RELEASE, 'staging', DEFAULT_COHORTS), gate(0, 1));
    expect(recordStage(cp, gate(0, 1))).toBe(cp);
    expect(() => recordStage(cp, gate(0, 1, 'pass', 9))).toThrow(
      expect.objectContaining({ code: 'STAGE_EVIDENCE_CHANGED' }),
    );
    expect(() => recordStage(cp, gate(0, 1, 'fail'))).toThrow(
      expect.objectContaining({ code: 'STAGE_EVIDENCE_CHANGED' }),
    );
  });

  it('restores from canonical CBOR to the same remaining stages and decisions, for any prefix of any plan', () => {
    const plan = fc
      .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 8 })
      .map((xs) => [...xs.sort((a, b) => a - b), 100]);
    fc.assert(
      fc.property(plan, fc.nat(), fc.boolean(), (cohorts, judged, failLast) => {
        let cp = newCheckpoint(RELEASE, 'production', cohorts);
        const n = judged % (cohorts.length + 1);
        for (let i = 0; i < n; i++)
          cp = recordStage(cp, gate(i, cohorts[i]!, failLast && i === n - 1 ? 'fail' : 'pass'));
        const bytes = encodeCanonical(cp);
        const restored = restoreCheckpoint(decodeCanonical(bytes));
        expect(encodeCanonical(restored)).toEqual(bytes);
        expect(remainingStages(restored)).toEqual(remainingStages(cp));
        expect(restored.status).toBe(cp.status);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('refuses a checkpoint whose cursor or status disagrees with its gate states', () => {
    const cp = recordStage(newCheckpoint(RELEASE, 'staging', DEFAULT_COHORTS), gate(0, 1));
    for (const tampered of [
      { ...cp, cursor: 3 },
      { ...cp, status: 'completed' },
      { ...cp, canary_percent: 50 },
      { ...cp, extra: 1 },
    ]) {
      expect(() => restoreCheckpoint(decodeCanonical(encodeCanonical(tampered)))).toThrow(
        expect.objectContaining({ code: 'CHECKPOINT_INVALID' }),
      );
    }
  });
});
