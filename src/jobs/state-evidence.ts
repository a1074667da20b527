// Reading a run's evidence from its state head: the lock report lock-verify committed, the
// evidence types present, and the run id to continue.
import { decodeCanonical } from '../core/cbor.js';
import { compareText } from '../core/errors.js';
import type { ObjectStore } from '../store/object-store.js';
import { verifyChain } from '../store/step-heads.js';

export interface StateEvidence {
  readonly run_id: string;
  readonly types: ReadonlySet<string>;
  readonly lock_report: {
    readonly lock_verdict: string;
    readonly lockfile_hash: Uint8Array;
    readonly sbom_hash: Uint8Array;
    readonly toolchain_hash: Uint8Array;
  } | null;
}

export async function readStateEvidence(store: ObjectStore, head: Uint8Array): Promise<StateEvidence> {
  const chain = await verifyChain(store, head);
  const last = chain[chain.length - 1]!;
  const lockEntry = [...last.evidence]
    .filter((e) => e.object_type === 'lock_report')
    .sort((a, b) => compareText(a.object_id, b.object_id))[0];
  let lockReport: StateEvidence['lock_report'] = null;
  if (lockEntry) {
    const report = decodeCanonical(await store.get(lockEntry.digest)) as Record<string, unknown>;
    const digest = (v: unknown) => (v instanceof Uint8Array && v.length === 32 ? v : new Uint8Array(32));
    lockReport = {
      lock_verdict: String(report.lock_verdict),
      lockfile_hash: digest(report.lockfile_hash),
      sbom_hash: digest(report.sbom_hash),
      toolchain_hash: digest(report.toolchain_hash),
    };
  }
  return { run_id: last.run_id, types: new Set(last.evidence.map((e) => e.object_type)), lock_report: lockReport };
}
