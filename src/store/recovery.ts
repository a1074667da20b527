// Crash recovery (DESIGN 5): check the WAL, cut a torn tail, then let the last record decide.
// FINALIZE: verify the objects and publish the pointer if it is missing. PREPARE or
// CERT_SIGNED: remove dead writers' temporaries and append ROLLBACK. A present pointer is
// validated against the WAL and the objects. Everything is decided before anything is written
// (planRecovery reads only): a damaged run is reported as it is found, never half-repaired.
// recoverRun runs holding the run's lock; recoverStore takes each lock it needs.
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { equalBytes } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';
import type { ErrorCode } from '../core/error-codes.js';
import { lineageRoot } from '../core/lineage.js';
import { temporaryWriterPid } from './atomic-write.js';
import { COMMIT_VERSION, decodePointer, samePointer, type CommitPointer } from './commit-pointer.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { commitPointerPath, walPath } from './layout.js';
import type { ObjectStore } from './object-store.js';
import { publishPointer } from './pointer-file.js';
import { isProcessAlive, tryRunLock } from './run-lock.js';
import { verifyChain, type ObjectReader } from './step-heads.js';
import { appendWal, checkWal, cutTornTail, readStoreFile, readWal, type WalRecord } from './wal.js';

export type RecoveryAction =
  | 'none'
  | 'published_pointer'
  | 'rolled_back'
  | 'validated_pointer'
  /** recoverStore only: a live process holds the run's lock; it is left to that holder. */
  | 'busy'
  /** recoverStore only: the run is damaged; nothing of it was written. */
  | 'failed';

export interface RecoveryReport {
  readonly run_id: string;
  readonly torn_tail_cut: boolean;
  readonly action: RecoveryAction;
  /** For busy: who holds the lock; for failed: the error's code and message. */
  readonly code?: ErrorCode;
  readonly detail?: string;
}

/** What recovery will do to a run, decided from what it read. */
export interface RecoveryPlan {
  readonly run_id: string;
  readonly action: Exclude<RecoveryAction, 'busy' | 'failed'>;
  /** The WAL's length after cutting its torn tail, when it has one. */
  readonly cut_to?: number;
  readonly records: readonly WalRecord[];
  readonly pointer?: CommitPointer;
}

const isDigest = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.length === 32;

/** The pointer a FINALIZE record implies; a FINALIZE that binds no such hashes is WAL_CORRUPTION. */
export function pointerFromFinalize(record: WalRecord): CommitPointer {
  const b = record.bound as Record<string, unknown>;
  const digests = ['head_hash', 'trace_tail_hash', 'lineage_root_hash'].every((k) => isDigest(b[k]));
  const optional = ['checkpoint_hash', 'execution_certificate_hash'].every(
    (k) => (b[k] ?? null) === null || isDigest(b[k]),
  );
  if (!digests || !optional)
    throw new RollgateError(
      'WAL_CORRUPTION',
      `WAL of run ${record.run_id}: FINALIZE ${record.wal_seq} binds no commit`,
      {
        diagnostics: { run_id: record.run_id },
      },
    );
  return {
    commit_version: COMMIT_VERSION,
    run_id: record.run_id,
    head_hash: b.head_hash as Uint8Array,
    trace_tail_hash: b.trace_tail_hash as Uint8Array,
    checkpoint_hash: (b.checkpoint_hash as Uint8Array | undefined) ?? null,
    lineage_root_hash: b.lineage_root_hash as Uint8Array,
    execution_certificate_hash: (b.execution_certificate_hash as Uint8Array | undefined) ?? null,
    wal_terminal_hash: record.record_hash,
  };
}

/** Checks a pointer's bindings against the objects they name: a chain of its own run. */
export async function verifyPointerObjects(store: ObjectReader, pointer: CommitPointer): Promise<void> {
  const chain = await verifyChain(store, pointer.head_hash);
  const head = chain[chain.length - 1]!;
  const mismatch = (what: string) =>
    new RollgateError(
      'COMMIT_POINTER_MISMATCH',
      `run ${pointer.run_id}: the commit binds a ${what} its objects do not reproduce`,
    );
  if (head.run_id !== pointer.run_id) throw mismatch(`head of run ${head.run_id}, not a`);
  if (!equalBytes(head.trace_tail_hash, pointer.trace_tail_hash)) throw mismatch('trace_tail_hash');
  if (!equalBytes(lineageRoot(head.evidence), pointer.lineage_root_hash)) throw mismatch('lineage_root_hash');
  if (
    (head.checkpoint === null) !== (pointer.checkpoint_hash === null) ||
    (head.checkpoint && !equalBytes(head.checkpoint, pointer.checkpoint_hash!))
  ) {
    throw mismatch('checkpoint_hash');
  }
  if (pointer.execution_certificate_hash) await store.get(pointer.execution_certificate_hash);
}

/** Checks a FINALIZE record's bindings against the objects they name. */
export async function verifyFinalize(store: ObjectReader, record: WalRecord): Promise<CommitPointer> {
  const pointer = pointerFromFinalize(record);
  await verifyPointerObjects(store, pointer);
  return pointer;
}

/** The run's COMMITTED pointer, or undefined; a file there that is not a pointer throws. */
export async function readPointerFile(store: ObjectStore, runId: string): Promise<CommitPointer | undefined> {
  const path = commitPointerPath(store.layout, runId);
  const bytes = await readStoreFile(path);
  if (bytes === undefined) return undefined;
  const pointer = decodePointer(bytes, path);
  if (pointer.run_id !== runId)
    throw new RollgateError('COMMIT_POINTER_MISMATCH', `${path}: is the pointer of run ${pointer.run_id}`);
  return pointer;
}

/**
 * A committed run's WAL ends with exactly the FINALIZE its pointer names, and that record
 * implies the very pointer. Returns that record; throws what is wrong.
 */
export function checkCommittedWal(runId: string, records: readonly WalRecord[], pointer: CommitPointer): WalRecord {
  const named = records.findIndex(
    (r) => r.record_type === 'FINALIZE' && equalBytes(r.record_hash, pointer.wal_terminal_hash),
  );
  if (named < 0)
    throw new RollgateError(
      'COMMIT_POINTER_MISMATCH',
      `run ${runId}: the COMMITTED pointer names no FINALIZE record of its WAL`,
    );
  if (named !== records.length - 1)
    throw new RollgateError(
      'WAL_CORRUPTION',
      `WAL of run ${runId}: ${records.length - 1 - named} record(s) follow the FINALIZE its pointer names`,
      { diagnostics: { run_id: runId } },
    );
  if (!samePointer(pointerFromFinalize(records[named]!), pointer))
    throw new RollgateError(
      'COMMIT_POINTER_MISMATCH',
      `run ${runId}: the COMMITTED pointer differs from its FINALIZE record`,
    );
  return records[named]!;
}

/** Reads the run and decides what recovery does, writing nothing; a damaged run throws. */
export async function planRecovery(store: ObjectStore, runId: string): Promise<RecoveryPlan> {
  const pointer = await readPointerFile(store, runId);
  const parsed = checkWal(await readWal(store.layout, runId), runId, pointer !== undefined);
  const records = parsed.records;
  const plan = (action: RecoveryPlan['action'], extra: Partial<RecoveryPlan> = {}): RecoveryPlan => ({
    run_id: runId,
    action,
    records,
    ...(parsed.tornTail ? { cut_to: parsed.goodLength } : {}),
    ...extra,
  });
  if (pointer) {
    await verifyFinalize(store, checkCommittedWal(runId, records, pointer));
    return plan('validated_pointer');
  }
  const last = records[records.length - 1];
  if (last?.record_type === 'FINALIZE')
    return plan('published_pointer', { pointer: await verifyFinalize(store, last) });
  if (last?.record_type === 'PREPARE' || last?.record_type === 'CERT_SIGNED') return plan('rolled_back');
  return plan('none');
}

/** Whether carrying out a plan writes anything. */
export function planWrites(plan: RecoveryPlan): boolean {
  return plan.cut_to !== undefined || plan.action === 'published_pointer' || plan.action === 'rolled_back';
}

/** Carries out a plan: the cut of a torn tail, then publishing the pointer or the ROLLBACK. */
async function applyPlan(store: ObjectStore, plan: RecoveryPlan, probe: CrashProbe): Promise<RecoveryReport> {
  if (plan.cut_to !== undefined) {
    probe('recover:cut');
    await cutTornTail(store.layout, plan.run_id, plan.cut_to);
  }
  if (plan.action === 'published_pointer') {
    probe('recover:publish');
    await publishPointer(store, plan.pointer!, probe);
  } else if (plan.action === 'rolled_back') {
    await removeDeadTemporaries(store.layout.root);
    probe('recover:rollback');
    const last = plan.records[plan.records.length - 1]!;
    await appendWal(
      store.layout,
      plan.run_id,
      plan.records,
      'ROLLBACK',
      {
        reason: `interrupted after ${last.record_type}`,
      },
      probe,
    );
  }
  return { run_id: plan.run_id, torn_tail_cut: plan.cut_to !== undefined, action: plan.action };
}

/** Recovers one run; the caller holds its lock. A damaged run throws before anything is written. */
export async function recoverRun(
  store: ObjectStore,
  runId: string,
  probe: CrashProbe = noProbe,
): Promise<RecoveryReport> {
  return applyPlan(store, await planRecovery(store, runId), probe);
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

/**
 * Recovers every run of the store that has a WAL, then removes dead writers' temporaries. A run
 * that needs no write is only checked, without its lock; one that does is planned again under
 * its lock. A run whose lock a live process holds is reported busy and left to that holder (a
 * committer or another recovery settles it); a damaged run is reported failed, with its code.
 */
export async function recoverStore(store: ObjectStore, probe: CrashProbe = noProbe): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  const names = await readdir(store.layout.wal).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw new RollgateError('STORE_LAYOUT_INVALID', `${store.layout.wal}: cannot list (${error.code})`, {
      cause: error,
    });
  });
  for (const name of names.sort()) {
    if (!name.endsWith('.wal')) continue;
    const runId = name.slice(0, -'.wal'.length);
    reports.push(await recoverOne(store, runId, probe));
  }
  await removeDeadTemporaries(store.layout.root);
  return reports;
}

async function recoverOne(store: ObjectStore, runId: string, probe: CrashProbe): Promise<RecoveryReport> {
  const failed = (error: unknown): RecoveryReport => {
    if (!(error instanceof RollgateError)) throw error;
    return { run_id: runId, torn_tail_cut: false, action: 'failed', code: error.code, detail: error.message };
  };
  try {
    walPath(store.layout, runId);
  } catch {
    return failed(
      new RollgateError('STORE_LAYOUT_INVALID', `${store.layout.wal}: ${runId}.wal is not named after a run id`),
    );
  }
  try {
    const plan = await planRecovery(store, runId);
    if (!planWrites(plan)) return { run_id: runId, torn_tail_cut: false, action: plan.action };
    const attempt = await tryRunLock(store.layout, runId, probe);
    if (!attempt.acquired) return { run_id: runId, torn_tail_cut: false, action: 'busy', detail: attempt.holder };
    try {
      return await recoverRun(store, runId, probe);
    } finally {
      await attempt.lock.release();
    }
  } catch (error) {
    return failed(error);
  }
}
