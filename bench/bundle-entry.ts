// What the bundle-import benchmark loads in-process: the bundle code, and a source store held in
// memory so building a run of 120,000 evidence objects costs no fsyncs (only the import is timed).
import { utf8 } from '../src/core/bytes.js';
import { formatDigest, sha256 } from '../src/core/digest.js';
import { RollgateError } from '../src/core/errors.js';
import { ObjectStore } from '../src/store/object-store.js';
import { appendStep, type NewEvidence } from '../src/store/step-heads.js';

export { exportBundle, importBundle } from '../src/store/bundle.js';
export { ObjectStore } from '../src/store/object-store.js';

/** An ObjectStore whose objects live in a Map (step files still go under `root`). */
class MemoryStore extends ObjectStore {
  private readonly objects = new Map<string, Uint8Array>();

  override put(bytes: Uint8Array): Promise<Uint8Array> {
    const digest = sha256(bytes);
    this.objects.set(formatDigest(digest), bytes);
    return Promise.resolve(digest);
  }

  override get(digest: Uint8Array): Promise<Uint8Array> {
    const bytes = this.objects.get(formatDigest(digest));
    if (!bytes) return Promise.reject(new RollgateError('STORE_OBJECT_MISSING', formatDigest(digest)));
    return Promise.resolve(bytes);
  }
}

/**
 * A run of `heads` steps in a memory store under `root`, the first carrying `entries` evidence
 * objects (each its own bytes) and each later one a single more: every head lists them all.
 */
export async function syntheticRun(
  root: string,
  entries: number,
  heads = 2,
): Promise<{ store: ObjectStore; head: Uint8Array }> {
  const store = new MemoryStore(root);
  let parent: Uint8Array | null = null;
  for (let step = 0; step < heads; step++) {
    const count = step === 0 ? entries : 1;
    const evidence: NewEvidence[] = Array.from({ length: count }, (_, i) => ({
      object_type: 'report',
      object_id: `step-${step}/entry-${i}`,
      bytes: utf8(`report ${step} ${i}\n`),
    }));
    const result = await appendStep(store, {
      run_id: 'bench-run',
      parent,
      operator: `op_${step}`,
      records: [{ record_type: step === 0 ? 'run_header' : 'iter', t: step, replay_token: new Uint8Array(32) }],
      evidence,
    });
    parent = result.head_hash;
  }
  return { store, head: parent! };
}
