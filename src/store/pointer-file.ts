// Reading and publishing a run's COMMITTED pointer file (create-if-absent, never replaced).
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodePointer, encodePointer, samePointer, type CommitPointer } from './commit-pointer.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { commitPointerPath } from './layout.js';
import type { ObjectStore } from './object-store.js';
import { readStoreFile } from './wal.js';

// A pointer is a few hundred bytes; anything near this is not one.
const MAX_POINTER_BYTES = 64 * 1024;

/**
 * The run's pointer, or undefined when there is none. Only a regular file is read: a symbolic
 * link, a FIFO or a directory there is STORE_LAYOUT_INVALID (a FIFO would block the read, a
 * link to /dev/zero never end it).
 */
export async function readPointer(store: ObjectStore, runId: string): Promise<CommitPointer | undefined> {
  const path = commitPointerPath(store.layout, runId);
  const bytes = await readStoreFile(path, MAX_POINTER_BYTES);
  return bytes === undefined ? undefined : decodePointer(bytes, path);
}

/** Creates the pointer once; an existing different pointer is an error, never overwritten. */
export async function publishPointer(
  store: ObjectStore,
  pointer: CommitPointer,
  probe: CrashProbe = noProbe,
): Promise<void> {
  const path = commitPointerPath(store.layout, pointer.run_id);
  try {
    await writeFileAtomic(path, encodePointer(pointer), { exclusive: true, mode: 0o444, probe });
  } catch (error) {
    if (!(error instanceof RollgateError && error.code === 'FILE_EXISTS')) throw error;
    const existing = await readPointer(store, pointer.run_id);
    if (existing && samePointer(existing, pointer)) return;
    throw new RollgateError(
      'COMMIT_POINTER_MISMATCH',
      `${path}: an existing pointer differs from the run's FINALIZE record`,
    );
  }
}
