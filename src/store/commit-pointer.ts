// The COMMITTED pointer of a run (DESIGN 5, document 000 II.G): created once, never replaced.
import { equalBytes } from '../core/bytes.js';
import { decodeCanonical, encodeCanonical } from '../core/cbor.js';
import { RollgateError } from '../core/errors.js';

export const COMMIT_VERSION = 'rollgate.commit/v1';

export interface CommitPointer {
  readonly commit_version: typeof COMMIT_VERSION;
  readonly run_id: string;
  /** The step head the run was finalized at (ours: lets GC and bundles find the evidence). */
  readonly head_hash: Uint8Array;
  readonly trace_tail_hash: Uint8Array;
  readonly checkpoint_hash: Uint8Array | null;
  readonly lineage_root_hash: Uint8Array;
  readonly execution_certificate_hash: Uint8Array | null;
  /** The FINALIZE record's hash. */
  readonly wal_terminal_hash: Uint8Array;
}

const FIELDS = [
  'commit_version',
  'run_id',
  'head_hash',
  'trace_tail_hash',
  'checkpoint_hash',
  'lineage_root_hash',
  'execution_certificate_hash',
  'wal_terminal_hash',
] as const;

export function encodePointer(pointer: CommitPointer): Uint8Array {
  return encodeCanonical(pointer);
}

export function decodePointer(bytes: Uint8Array, where: string): CommitPointer {
  let value: unknown;
  try {
    value = decodeCanonical(bytes);
  } catch (error) {
    throw new RollgateError('COMMIT_POINTER_MISMATCH', `${where}: not a canonical commit pointer`, { cause: error });
  }
  const v = value as Record<string, unknown>;
  const digestOrNull = (x: unknown) => x === null || (x instanceof Uint8Array && x.length === 32);
  const ok =
    typeof v === 'object' &&
    v !== null &&
    Object.keys(v).length === FIELDS.length &&
    FIELDS.every((f) => f in v) &&
    v.commit_version === COMMIT_VERSION &&
    typeof v.run_id === 'string' &&
    ['head_hash', 'trace_tail_hash', 'lineage_root_hash', 'wal_terminal_hash'].every(
      (f) => v[f] instanceof Uint8Array && v[f].length === 32,
    ) &&
    digestOrNull(v.checkpoint_hash) &&
    digestOrNull(v.execution_certificate_hash);
  if (!ok) throw new RollgateError('COMMIT_POINTER_MISMATCH', `${where}: not a commit pointer`);
  return {
    commit_version: COMMIT_VERSION,
    run_id: v.run_id as string,
    head_hash: v.head_hash as Uint8Array,
    trace_tail_hash: v.trace_tail_hash as Uint8Array,
    checkpoint_hash: v.checkpoint_hash as Uint8Array | null,
    lineage_root_hash: v.lineage_root_hash as Uint8Array,
    execution_certificate_hash: v.execution_certificate_hash as Uint8Array | null,
    wal_terminal_hash: v.wal_terminal_hash as Uint8Array,
  };
}

export function samePointer(a: CommitPointer, b: CommitPointer): boolean {
  return equalBytes(encodePointer(a), encodePointer(b));
}
