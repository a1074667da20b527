// Reading and publishing a run's COMMITTED pointer file (create-if-absent, never replaced).
import { readFile } from 'node:fs/promises';
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodePointer, encodePointer, samePointer, type CommitPointer } from './commit-pointer.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { commitPointerPath } from './layout.js';
import type { ObjectStore } from './object-store.js';

export async function readPointer(store: ObjectStore, runId: string): Promise<CommitPointer | undefined> {
  const path = commitPointerPath(store.layout, runId);
  try {
    return decodePointer(new Uint8Array(await readFile(path)), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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
