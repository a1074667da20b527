// Store fixtures built from literals: a temp state dir, and steps with small trace records.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8 } from '../../src/core/bytes.js';
import type { TraceRecord } from '../../src/core/trace.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { appendStep, type StepResult } from '../../src/store/step-heads.js';

export const TOKEN = new Uint8Array(32).fill(7);

export function tempStore(): ObjectStore {
  return new ObjectStore(join(mkdtempSync(join(tmpdir(), 'rollgate-store-')), '.rollgate'));
}

export function record(t: number, fields: Record<string, string> = {}): TraceRecord {
  return { record_type: t === 0 ? 'run_header' : 'iter', t, replay_token: TOKEN, ...fields };
}

/** A run of `steps` steps, each with one record and one evidence object. */
export async function buildRun(store: ObjectStore, runId: string, steps: number): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (let i = 0; i < steps; i++) {
    results.push(
      await appendStep(store, {
        run_id: runId,
        parent: results[i - 1]?.head_hash ?? null,
        operator: `op_${i}`,
        records: [record(i, { stage: `s${i}` })],
        evidence: [{ object_type: 'report', object_id: `step-${i}`, bytes: utf8(`report ${runId} ${i}\n`) }],
        checkpoint: { checkpoint_version: 'test/v1', cursor: i },
      }),
    );
  }
  return results;
}
