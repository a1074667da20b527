// Crash recovery (DESIGN 5): check the WAL, cut a torn tail, then let the last record decide.
// FINALIZE: verify the objects and publish the pointer if it is missing. PREPARE or
// CERT_SIGNED: remove dead writers' temporaries and append ROLLBACK. A present pointer is
// validated against the WAL and the objects. Run it holding the run's lock.
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { equalBytes } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';
import { lineageRoot } from '../core/lineage.js';
import { temporaryWriterPid } from './atomic-write.js';
import { COMMIT_VERSION, samePointer, type CommitPointer } from './commit-pointer.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import type { ObjectStore } from './object-store.js';
import { publishPointer, readPointer } from './pointer-file.js';
import { isProcessAlive, withRunLock } from './run-lock.js';
import { verifyChain } from './step-heads.js';
import { appendWal, cutTornTail, readWal, type WalRecord } from './wal.js';

export type RecoveryAction = 'none' | 'published_pointer' | 'rolled_back' | 'validated_pointer';

export interface RecoveryReport {
  readonly run_id: string;
  readonly torn_tail_cut: boolean;
  readonly action: RecoveryAction;
}

/** The pointer a FINALIZE record implies. */
export function pointerFromFinalize(record: WalRecord): CommitPointer {
  const b = record.bound as Record<string, Uint8Array | null>;
  return {
    commit_version: COMMIT_VERSION,
    run_id: record.run_id,
    head_hash: b.head_hash as Uint8Array,
    trace_tail_hash: b.trace_tail_hash as Uint8Array,
    checkpoint_hash: b.checkpoint_hash ?? null,
    lineage_root_hash: b.lineage_root_hash as Uint8Array,
    execution_certificate_hash: b.execution_certificate_hash ?? null,
    wal_terminal_hash: record.record_hash,
  };
}

/** Checks a FINALIZE record's bindings against the objects they name. */
export async function verifyFinalize(store: ObjectStore, record: WalRecord): Promise<CommitPointer> {
  const pointer = pointerFromFinalize(record);
  const chain = await verifyChain(store, pointer.head_hash);
  const head = chain[chain.length - 1]!;
  const mismatch = (what: string) =>
    new RollgateError(
      'COMMIT_POINTER_MISMATCH',
      `run ${record.run_id}: FINALIZE binds a ${what} its objects do not reproduce`,
    );
  if (!equalBytes(head.trace_tail_hash, pointer.trace_tail_hash)) throw mismatch('trace_tail_hash');
  if (!equalBytes(lineageRoot(head.evidence), pointer.lineage_root_hash)) throw mismatch('lineage_root_hash');
  if (
    (head.checkpoint === null) !== (pointer.checkpoint_hash === null) ||
    (head.checkpoint && !equalBytes(head.checkpoint, pointer.checkpoint_hash!))
  ) {
    throw mismatch('checkpoint_hash');
  }
  if (pointer.execution_certificate_hash) await store.get(pointer.execution_certificate_hash);
  return pointer;
}

export async function recoverRun(
  store: ObjectStore,
  runId: string,
  probe: CrashProbe = noProbe,
): Promise<RecoveryReport> {
  const parsed = await readWal(store.layout, runId);
  if (parsed.tornTail) {
    probe('recover:cut');
    await cutTornTail(store.layout, runId, parsed.goodLength);
  }
  const records = parsed.records;
  const pointer = await readPointer(store, runId);
  const finalize = [...records].reverse().find((r) => r.record_type === 'FINALIZE');
  const last = records[records.length - 1];
  const report = (action: RecoveryAction): RecoveryReport => ({
    run_id: runId,
    torn_tail_cut: parsed.tornTail,
    action,
  });
  if (pointer) {
    if (!finalize || !equalBytes(finalize.record_hash, pointer.wal_terminal_hash)) {
      throw new RollgateError(
        'COMMIT_POINTER_MISMATCH',
        `run ${runId}: the COMMITTED pointer names no FINALIZE record of its WAL`,
      );
    }
    if (!samePointer(await verifyFinalize(store, finalize), pointer)) {
      throw new RollgateError(
        'COMMIT_POINTER_MISMATCH',
        `run ${runId}: the COMMITTED pointer differs from its FINALIZE record`,
      );
    }
    return report('validated_pointer');
  }
  if (last?.record_type === 'FINALIZE') {
    const implied = await verifyFinalize(store, last);
    probe('recover:publish');
    await publishPointer(store, implied, probe);
    return report('published_pointer');
  }
  if (last?.record_type === 'PREPARE' || last?.record_type === 'CERT_SIGNED') {
    await removeDeadTemporaries(store.layout.root);
    probe('recover:rollback');
    await appendWal(
      store.layout,
      runId,
      records,
      'ROLLBACK',
      { reason: `interrupted after ${last.record_type}` },
      probe,
    );
    return report('rolled_back');
  }
  return report('none');
}

/** Removes temporary files whose writer is no longer running, anywhere in the store. */
export async function removeDeadTemporaries(root: string): Promise<number> {
  let removed = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const pid = temporaryWriterPid(entry.name);
        if (pid !== undefined && pid !== process.pid && !isProcessAlive(pid)) {
          await unlink(path).catch(() => undefined);
          removed++;
        }
      }
    }
  };
  await walk(root);
  return removed;
}

/** Recovers every run of the store whose lock is free, and removes dead writers' temporaries. */
export async function recoverStore(store: ObjectStore, probe: CrashProbe = noProbe): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  for (const name of (await readdir(store.layout.wal).catch(() => [] as string[])).sort()) {
    if (!name.endsWith('.wal')) continue;
    const runId = name.slice(0, -'.wal'.length);
    reports.push(await withRunLock(store.layout, runId, probe, () => recoverRun(store, runId, probe)));
  }
  await removeDeadTemporaries(store.layout.root);
  return reports;
}
