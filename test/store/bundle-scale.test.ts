// Bundle import grows linearly with its evidence. The chain check once scanned the next head's
// evidence list for every entry of the previous head (2 heads × 30,000 entries took 6.4 s,
// × 60,000 took 16.9 s) and decoded each parent's trace twice. These tests count operations,
// not time: how many evidence entries are visited, and how often each object is decoded, with a
// reader that wraps the bundle's in-memory view. The timings are the `bundle-import` benchmark's.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import type { CborValue } from '../../src/core/cbor.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { RollgateError } from '../../src/core/errors.js';
import { exportBundle } from '../../src/store/bundle.js';
import { MemoryObjects } from '../../src/store/memory-objects.js';
import { ObjectStore } from '../../src/store/object-store.js';
import {
  appendStep,
  MERGED_HEAD_EVIDENCE,
  reachableFrom,
  verifyChain,
  type NewEvidence,
  type ObjectReader,
} from '../../src/store/step-heads.js';
import { record, tempStore } from './fixtures.js';

/** An ObjectStore whose objects stay in a Map (no fsync per evidence object); step files on disk. */
class MapStore extends ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  override put(bytes: Uint8Array): Promise<Uint8Array> {
    const digest = sha256(bytes);
    this.objects.set(formatDigest(digest), bytes);
    return Promise.resolve(digest);
  }

  override get(digest: Uint8Array): Promise<Uint8Array> {
    const bytes = this.objects.get(formatDigest(digest));
    return bytes ? Promise.resolve(bytes) : Promise.reject(new RollgateError('STORE_OBJECT_MISSING', 'absent'));
  }
}

/**
 * Reads through to `inner`, counting each getValue by object, and each element read from a
 * decoded head's evidence list (the list is wrapped in a counting proxy).
 */
class CountingReader implements ObjectReader {
  evidenceReads = 0;
  readonly decodes = new Map<string, number>();
  readonly gets = new Map<string, number>();

  constructor(private readonly inner: ObjectReader) {}

  get(digest: Uint8Array): Promise<Uint8Array> {
    const name = formatDigest(digest);
    this.gets.set(name, (this.gets.get(name) ?? 0) + 1);
    return this.inner.get(digest);
  }

  async getValue(digest: Uint8Array): Promise<CborValue> {
    const name = formatDigest(digest);
    this.decodes.set(name, (this.decodes.get(name) ?? 0) + 1);
    const value = await this.inner.getValue(digest);
    if (typeof value !== 'object' || value === null || !('head_version' in value)) return value;
    const head = value as Record<string, CborValue>;
    const evidence = new Proxy(head.evidence as CborValue[], {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) this.evidenceReads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { ...head, evidence };
  }
}

const ENTRIES = 3_000;

/** A run of `steps` steps: the first adds ENTRIES evidence entries, each later one one more. */
async function run(steps: number, runId = 'run-scale', merged?: Uint8Array) {
  const store = new MapStore(tempStore().layout.root);
  let parent: Uint8Array | null = null;
  for (let step = 0; step < steps; step++) {
    const evidence: NewEvidence[] = Array.from({ length: step === 0 ? ENTRIES : 1 }, (_, i) => ({
      object_type: 'report',
      object_id: `step-${step}/${i}`,
      bytes: utf8(`report ${runId} ${step} ${i}\n`),
    }));
    if (merged && step === steps - 1)
      evidence.push({ object_type: MERGED_HEAD_EVIDENCE, object_id: 'shard', bytes: new Uint8Array(0) });
    parent = (
      await appendStep(store, { run_id: runId, parent, operator: `op_${step}`, records: [record(step)], evidence })
    ).head_hash;
  }
  return { store, head: parent! };
}

/** Every evidence entry the heads of the chain list: what the bundle itself holds. */
const listed = (steps: number) => Array.from({ length: steps }, (_, i) => ENTRIES + i).reduce((a, b) => a + b, 0);

describe('verifyChain on a bundle view', () => {
  it('visits each listed evidence entry a bounded number of times, not once per entry of the previous head', async () => {
    const steps = 3;
    const { store, head } = await run(steps);
    const reader = new CountingReader(new MemoryObjects(store.objects));
    await expect(verifyChain(reader, head)).resolves.toHaveLength(steps);
    // Decoding the head, building the set of its entries, checking the previous head's entries
    // against it and reading each object: a few visits per entry. The scan was ENTRIES² / 2.
    expect(reader.evidenceReads).toBeLessThanOrEqual(6 * listed(steps));
  });

  it('decodes every head, trace and segment once, and reads every other object once', async () => {
    const { store, head } = await run(4);
    const reader = new CountingReader(new MemoryObjects(store.objects));
    await verifyChain(reader, head);
    expect([...reader.decodes.values()].every((n) => n === 1)).toBe(true);
    expect(reader.decodes.size).toBe(3 * 4);
    // Every head lists all the run's evidence so far: each object is still read once, not per head.
    expect([...reader.gets.values()].every((n) => n === 1)).toBe(true);
    expect(reader.gets.size).toBe(listed(1) + 3);
  });

  it('still refuses a step that changes an evidence digest, naming the entry', async () => {
    const { store, head } = await run(2);
    const reader = new CountingReader(new MemoryObjects(store.objects));
    const [first, second] = await verifyChain(reader, head);
    const changed = new Map(store.objects);
    const tampered = {
      ...second!,
      evidence: second!.evidence.map((e, i) => (i === 7 ? { ...e, digest: sha256(utf8('other')) } : e)),
    };
    const view: ObjectReader = {
      get: (d) => new MemoryObjects(changed).get(d),
      getValue: async (d) =>
        formatDigest(d) === formatDigest(head)
          ? (tampered as unknown as CborValue)
          : new MemoryObjects(changed).getValue(d),
    };
    await expect(verifyChain(view, head)).rejects.toMatchObject({
      code: 'STATE_CHAIN_BROKEN',
      message: `step 1 drops or changes evidence report/${first!.evidence[7]!.object_id}`,
    });
  });
});

describe('reachableFrom on a bundle view', () => {
  it('visits each listed evidence entry a bounded number of times and decodes each object once', async () => {
    const steps = 3;
    const { store, head } = await run(steps);
    const reader = new CountingReader(new MemoryObjects(store.objects));
    const reached = await reachableFrom(reader, head);
    expect(reached.size).toBe(store.objects.size);
    expect(reader.evidenceReads).toBeLessThanOrEqual(3 * listed(steps));
    expect([...reader.decodes.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('exportBundle', () => {
  it('decodes every head, trace and segment of the store once', async () => {
    const { store, head } = await run(3);
    const decodes = new Map<string, number>();
    const getValue = store.getValue.bind(store);
    store.getValue = (digest) => {
      decodes.set(formatDigest(digest), (decodes.get(formatDigest(digest)) ?? 0) + 1);
      return getValue(digest);
    };
    const file = join(mkdtempSync(join(tmpdir(), 'rollgate-scale-')), 'state.tar');
    const summary = await exportBundle(store, head, file);
    expect(summary.objects).toBe(store.objects.size);
    expect(decodes.size).toBe(3 * 3);
    expect([...decodes.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('MemoryObjects', () => {
  it('decodes an object once however often its value is read', async () => {
    const { store, head } = await run(1);
    const view = new MemoryObjects(store.objects);
    const first = await view.getValue(head);
    expect(await view.getValue(head)).toBe(first);
  });
});
