// What a release step reads of a run from its verified state head: the run id to continue, the
// evidence types present, and the lock report lock-verify committed (through its reader).
import { compareText } from '../core/errors.js';
import type { ObjectReader } from '../store/step-heads.js';
import { verifyChain } from '../store/step-heads.js';
import { lockReportReader, type LockReport } from './lock-report.js';

export interface LockEvidence {
  readonly run_id: string;
  readonly types: ReadonlySet<string>;
  /** The run's lock report (the first by id when there are several), or null before lock-verify. */
  readonly lock_report: LockReport | null;
}

export async function readLockEvidence(store: ObjectReader, head: Uint8Array): Promise<LockEvidence> {
  const chain = await verifyChain(store, head);
  const last = chain[chain.length - 1]!;
  const entry = [...last.evidence]
    .filter((e) => e.object_type === 'lock_report')
    .sort((a, b) => compareText(a.object_id, b.object_id))[0];
  return {
    run_id: last.run_id,
    types: new Set(last.evidence.map((e) => e.object_type)),
    lock_report: entry ? lockReportReader.read(await store.get(entry.digest), entry) : null,
  };
}
