// Store fixtures built from literals: a temp state dir, and steps with small trace records.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar-stream';
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

/** One member of a hand-built tar archive; links and directories carry no body. */
export interface TarEntry {
  name: string;
  body?: Uint8Array;
  type?: tar.Header['type'];
  linkname?: string;
}

/** A tar archive of exactly these members, in order, for bundles built by hand. */
export async function makeTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const e of entries) {
    const body = e.type === undefined || e.type === 'file' ? (e.body ?? new Uint8Array(0)) : new Uint8Array(0);
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: e.name, type: e.type ?? 'file', size: body.length, ...(e.linkname ? { linkname: e.linkname } : {}) },
        Buffer.from(body),
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
