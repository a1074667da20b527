// The shapes of step heads and trace objects, checked whenever one is read back: a head from a
// downloaded bundle is untrusted until it decodes to exactly this shape.
import type { CborValue } from '../core/cbor.js';
import { RollgateError } from '../core/errors.js';
import type { EvidenceEntry } from '../core/lineage.js';

export const HEAD_VERSION = 'rollgate.step-head/v1';
export const TRACE_VERSION = 'rollgate.trace/v1';
export const SEGMENT_VERSION = 'rollgate.trace-segment/v1';

export interface StepHead {
  readonly head_version: typeof HEAD_VERSION;
  readonly run_id: string;
  readonly step_index: number;
  readonly operator: string;
  readonly parent: Uint8Array | null;
  /** Digest of the trace object listing every record of the run so far. */
  readonly trace: Uint8Array;
  readonly trace_tail_hash: Uint8Array;
  /** Every evidence object of the run so far, sorted by (object_type, object_id). */
  readonly evidence: readonly EvidenceEntry[];
  readonly checkpoint: Uint8Array | null;
}

/** The run's trace so far: one segment per step, in step order. */
export interface TraceObject {
  readonly trace_version: typeof TRACE_VERSION;
  readonly run_id: string;
  readonly segments: readonly Uint8Array[];
}

/**
 * One step's trace records, kept together in one object (a step may emit hundreds of
 * thousands): each record as its canonical CBOR bytes, so it is encoded once, hashed from those
 * bytes, and stored without re-encoding.
 */
export interface TraceSegment {
  readonly segment_version: typeof SEGMENT_VERSION;
  readonly run_id: string;
  readonly step_index: number;
  readonly records: readonly Uint8Array[];
}

const isDigest = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.length === 32;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const hasExactly = (v: Record<string, unknown>, keys: string[]) =>
  Object.keys(v).length === keys.length && keys.every((k) => k in v);

function invalid(where: string, what: string): RollgateError {
  return new RollgateError('STEP_HEAD_INVALID', `${where}: ${what}`);
}

export function decodeStepHead(value: CborValue, where: string): StepHead {
  const keys = [
    'head_version',
    'run_id',
    'step_index',
    'operator',
    'parent',
    'trace',
    'trace_tail_hash',
    'evidence',
    'checkpoint',
  ];
  if (!isRecord(value) || !hasExactly(value, keys) || value.head_version !== HEAD_VERSION)
    throw invalid(where, 'is not a step head');
  const v = value;
  if (typeof v.run_id !== 'string' || typeof v.operator !== 'string')
    throw invalid(where, 'run_id and operator must be text');
  if (typeof v.step_index !== 'number' || !Number.isSafeInteger(v.step_index) || v.step_index < 0)
    throw invalid(where, 'bad step_index');
  if (!(v.parent === null || isDigest(v.parent)) || !(v.checkpoint === null || isDigest(v.checkpoint)))
    throw invalid(where, 'bad parent or checkpoint');
  if ((v.parent === null) !== (v.step_index === 0)) throw invalid(where, 'only step 0 has no parent');
  if (!isDigest(v.trace) || !isDigest(v.trace_tail_hash)) throw invalid(where, 'bad trace digests');
  if (!Array.isArray(v.evidence)) throw invalid(where, 'evidence must be a list');
  const evidence: unknown[] = v.evidence;
  if (!evidence.every(isEvidenceEntry)) throw invalid(where, 'bad evidence entry');
  return {
    head_version: HEAD_VERSION,
    run_id: v.run_id,
    step_index: v.step_index,
    operator: v.operator,
    parent: v.parent,
    trace: v.trace,
    trace_tail_hash: v.trace_tail_hash,
    evidence,
    checkpoint: v.checkpoint,
  };
}

function isEvidenceEntry(e: unknown): e is EvidenceEntry {
  return (
    isRecord(e) &&
    hasExactly(e, ['object_type', 'object_id', 'digest']) &&
    typeof e.object_type === 'string' &&
    typeof e.object_id === 'string' &&
    isDigest(e.digest)
  );
}

export function decodeTraceObject(value: CborValue): TraceObject {
  if (
    !isRecord(value) ||
    !hasExactly(value, ['trace_version', 'run_id', 'segments']) ||
    value.trace_version !== TRACE_VERSION ||
    typeof value.run_id !== 'string' ||
    !Array.isArray(value.segments) ||
    !(value.segments as unknown[]).every(isDigest)
  ) {
    throw new RollgateError('STEP_HEAD_INVALID', 'trace object is malformed');
  }
  return { trace_version: TRACE_VERSION, run_id: value.run_id, segments: value.segments as Uint8Array[] };
}

export function decodeTraceSegment(value: CborValue): TraceSegment {
  if (
    !isRecord(value) ||
    !hasExactly(value, ['segment_version', 'run_id', 'step_index', 'records']) ||
    value.segment_version !== SEGMENT_VERSION ||
    typeof value.run_id !== 'string' ||
    typeof value.step_index !== 'number' ||
    !Array.isArray(value.records) ||
    !(value.records as unknown[]).every((r) => r instanceof Uint8Array)
  ) {
    throw new RollgateError('STEP_HEAD_INVALID', 'trace segment is malformed');
  }
  return {
    segment_version: SEGMENT_VERSION,
    run_id: value.run_id,
    step_index: value.step_index,
    records: value.records as Uint8Array[],
  };
}
