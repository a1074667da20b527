// The trace chain (DESIGN 4.4). Each record is hashed on its own (ObjectDigest) and folded
// into a running head, so altering, dropping or reordering any record changes the tail.
import { assertBytes, equalBytes } from './bytes.js';
import { encodeCanonical, type CborValue } from './cbor.js';
import { DIGEST_LENGTH, objectDigest, sha256 } from './digest.js';
import type { ErrorCode } from './error-codes.js';
import { RollgateError, errorRecord, type Diagnostics, type RecordContext } from './errors.js';
import { HASH_TAGS } from './hash-tags.js';

export type TraceRecordType = 'run_header' | 'iter' | 'error' | 'run_end';

/**
 * A trace record: its kind, a logical step counter `t` (never a time) and the run's
 * replay token (raw 32 bytes), plus the fields of the document's section 7 for that kind.
 */
export interface TraceRecord {
  readonly record_type: TraceRecordType;
  readonly t: number;
  readonly replay_token: Uint8Array;
  readonly [field: string]: CborValue;
}

/** h_0 = SHA-256(CBOR_CANONICAL(["trace_chain_v1", []])). */
export function traceHead(): Uint8Array {
  return sha256(encodeCanonical([HASH_TAGS.trace_chain_v1, []]));
}

/** h_i = SHA-256(CBOR_CANONICAL(["trace_chain_v1", [h_{i-1}, ObjectDigest(record_i)]])). */
export function traceNext(prev: Uint8Array, record: unknown): Uint8Array {
  return traceNextDigest(prev, objectDigest(record));
}

// CBOR_CANONICAL(["trace_chain_v1", [a, b]]) for 32-byte a and b is a fixed prefix, a, a
// fixed separator, b: taken from the encoder once, so a step's hundreds of thousands of links
// cost two copies into one buffer and a hash each. A test checks it against encodeCanonical byte for byte.
const LINK_TEMPLATE = encodeCanonical([
  HASH_TAGS.trace_chain_v1,
  [new Uint8Array(DIGEST_LENGTH), new Uint8Array(DIGEST_LENGTH)],
]);
const LINK_FIRST = LINK_TEMPLATE.length - 2 * DIGEST_LENGTH - 2;
const LINK_SECOND = LINK_TEMPLATE.length - DIGEST_LENGTH;
const LINK_SCRATCH = LINK_TEMPLATE.slice();

/** traceNext when the record's ObjectDigest is already known (it was encoded to be stored). */
export function traceNextDigest(prev: Uint8Array, recordHash: Uint8Array): Uint8Array {
  assertBytes(prev, DIGEST_LENGTH, 'previous trace hash');
  assertBytes(recordHash, DIGEST_LENGTH, 'record hash');
  // One scratch link, reused: the hash reads it synchronously and keeps nothing of it.
  LINK_SCRATCH.set(prev, LINK_FIRST);
  LINK_SCRATCH.set(recordHash, LINK_SECOND);
  return sha256(LINK_SCRATCH);
}

/** The tail hash of a whole trace: the head folded over every record in order. */
export function traceTail(records: Iterable<unknown>): Uint8Array {
  let head = traceHead();
  for (const record of records) head = traceNext(head, record);
  return head;
}

/** Checks that records reproduce an expected tail; TRACE_CHAIN_BROKEN otherwise. */
export function assertTraceTail(records: Iterable<unknown>, expected: Uint8Array): void {
  if (!equalBytes(traceTail(records), expected)) {
    throw new RollgateError('TRACE_CHAIN_BROKEN', 'trace records do not reproduce the recorded trace tail hash');
  }
}

/** A report's check as the trace needs it: its name, result, codes and details. */
export interface CheckOutcome {
  readonly check: string;
  readonly result: 'pass' | 'fail';
  readonly codes: readonly ErrorCode[];
  readonly details: readonly string[];
}

/**
 * One `error` record per failed check, in report order from `t0`: the check's first code, its
 * details said once, and every code it found in the diagnostics.
 */
export function checkErrorRecords(
  checks: readonly CheckOutcome[],
  failureOperator: string,
  t0: number,
  replayToken: Uint8Array,
): TraceRecord[] {
  return checks
    .filter((c) => c.result === 'fail' && c.codes.length > 0)
    .map((c, i) =>
      errorTraceRecord(
        c.codes[0]!,
        c.details.join('; '),
        { t: t0 + i, failure_operator: failureOperator, replay_token: replayToken },
        { check: c.check, codes: c.codes.join(',') },
      ),
    );
}

/** An `error` trace record: the error record of DESIGN 4.5, kept in the trace where it happened. */
export function errorTraceRecord(
  code: ErrorCode,
  message: string,
  context: RecordContext,
  diagnostics: Diagnostics = {},
): TraceRecord {
  return { record_type: 'error', ...errorRecord(code, message, context, diagnostics) };
}
