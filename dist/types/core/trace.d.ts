import { type CborValue } from './cbor.js';
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
