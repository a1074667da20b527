// The atomic run commit (DESIGN 5, document 000 II.G): write the immutable objects, validate
// the bound hashes, append PREPARE, CERT_SIGNED when a certificate is part of the commit, then
// FINALIZE, and last create the COMMITTED pointer with create-if-absent. One committer at a
// time holds the run's lock; the others get COMMIT_CONFLICT.
import { formatDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { lineageRoot } from '../core/lineage.js';
import { COMMIT_VERSION, type CommitPointer } from './commit-pointer.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import type { ObjectStore } from './object-store.js';
import { publishPointer, readPointer } from './pointer-file.js';
import { recoverRun } from './recovery.js';
import { verifyChain } from './step-heads.js';
import { withRunLock } from './run-lock.js';
import { appendWal, readWal } from './wal.js';

export interface RunCommitInput {
  readonly run_id: string;
  /** The last step head of the run. */
  readonly head_hash: Uint8Array;
  /** The ExecutionCertificate's canonical bytes, when the commit carries one. */
  readonly certificate?: Uint8Array;
  readonly manifest_hash: Uint8Array;
  readonly policy_bundle_hash: Uint8Array;
  readonly determinism_profile_hash: Uint8Array;
}

function conflict(runId: string, why: string): RollgateError {
  return new RollgateError('COMMIT_CONFLICT', `run ${runId} ${why}`, { diagnostics: { run_id: runId } });
}

export async function commitRun(
  store: ObjectStore,
  input: RunCommitInput,
  probe: CrashProbe = noProbe,
): Promise<CommitPointer> {
  return withRunLock(store.layout, input.run_id, probe, async () => {
    // A crashed earlier attempt is settled first, so this one starts from a clean WAL.
    await recoverRun(store, input.run_id, probe);
    if (await readPointer(store, input.run_id)) throw conflict(input.run_id, 'is already committed');
    probe('commit:objects');
    const certificateHash = input.certificate ? await store.put(input.certificate) : null;
    probe('commit:validate');
    const chain = await verifyChain(store, input.head_hash);
    const head = chain[chain.length - 1]!;
    if (head.run_id !== input.run_id) {
      throw new RollgateError(
        'COMMIT_BINDING_INVALID',
        `head ${formatDigest(input.head_hash)} belongs to run ${head.run_id}`,
      );
    }
    const bound = {
      head_hash: input.head_hash,
      trace_tail_hash: head.trace_tail_hash,
      checkpoint_hash: head.checkpoint,
      lineage_root_hash: lineageRoot(head.evidence),
      execution_certificate_hash: certificateHash,
      manifest_hash: input.manifest_hash,
      policy_bundle_hash: input.policy_bundle_hash,
      determinism_profile_hash: input.determinism_profile_hash,
    };
    let wal = [...(await readWal(store.layout, input.run_id)).records];
    wal.push(
      await appendWal(
        store.layout,
        input.run_id,
        wal,
        'PREPARE',
        { objects: [input.head_hash, ...(certificateHash ? [certificateHash] : [])] },
        probe,
      ),
    );
    if (certificateHash) {
      wal.push(
        await appendWal(
          store.layout,
          input.run_id,
          wal,
          'CERT_SIGNED',
          { execution_certificate_hash: certificateHash },
          probe,
        ),
      );
    }
    const finalize = await appendWal(store.layout, input.run_id, wal, 'FINALIZE', bound, probe);
    wal = [...wal, finalize];
    const pointer: CommitPointer = {
      commit_version: COMMIT_VERSION,
      run_id: input.run_id,
      head_hash: input.head_hash,
      trace_tail_hash: bound.trace_tail_hash,
      checkpoint_hash: bound.checkpoint_hash,
      lineage_root_hash: bound.lineage_root_hash,
      execution_certificate_hash: certificateHash,
      wal_terminal_hash: finalize.record_hash,
    };
    probe('commit:pointer');
    await publishPointer(store, pointer, probe);
    return pointer;
  });
}
