import { type CborValue } from './cbor.js';
import type { ErrorCode } from './error-codes.js';
import { type Diagnostics, type RecordContext } from './errors.js';
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
export declare function traceHead(): Uint8Array;
/** h_i = SHA-256(CBOR_CANONICAL(["trace_chain_v1", [h_{i-1}, ObjectDigest(record_i)]])). */
export declare function traceNext(prev: Uint8Array, record: unknown): Uint8Array;
/** traceNext when the record's ObjectDigest is already known (it was encoded to be stored). */
export declare function traceNextDigest(prev: Uint8Array, recordHash: Uint8Array): Uint8Array;
/** The tail hash of a whole trace: the head folded over every record in order. */
export declare function traceTail(records: Iterable<unknown>): Uint8Array;
/** Checks that records reproduce an expected tail; TRACE_CHAIN_BROKEN otherwise. */
export declare function assertTraceTail(records: Iterable<unknown>, expected: Uint8Array): void;
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
export declare function checkErrorRecords(checks: readonly CheckOutcome[], failureOperator: string, t0: number, replayToken: Uint8Array): TraceRecord[];
/** An `error` trace record: the error record of DESIGN 4.5, kept in the trace where it happened. */
export declare function errorTraceRecord(code: ErrorCode, message: string, context: RecordContext, diagnostics?: Diagnostics): TraceRecord;
