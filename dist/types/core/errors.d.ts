import { type ErrorCode, type Severity } from './error-codes.js';
/** A flat map of scalars: diagnostics must stay hashable and printable on one line. */
export type Diagnostics = Readonly<Record<string, string | number | boolean | null>>;
export interface ErrorOptions {
    readonly diagnostics?: Diagnostics;
    readonly cause?: unknown;
}
export declare class RollgateError extends Error {
    readonly code: ErrorCode;
    readonly diagnostics: Diagnostics;
    constructor(code: ErrorCode, message: string, options?: ErrorOptions);
    get spec(): import("./error-codes.js").ErrorCodeSpec;
}
export declare function isRollgateError(value: unknown, code?: ErrorCode): value is RollgateError;
/** The error record of DESIGN 4.5, as kept in traces and reports. */
export interface ErrorRecord {
    readonly code_id: ErrorCode;
    readonly numeric_code: number;
    readonly severity: Severity;
    readonly subsystem: string;
    readonly t: number;
    readonly failure_operator: string;
    readonly replay_token: Uint8Array;
    readonly message: string;
    readonly retryable: boolean;
    readonly diagnostics: Diagnostics;
}
export interface RecordContext {
    readonly t: number;
    readonly failure_operator: string;
    readonly replay_token: Uint8Array;
}
export declare function errorRecord(code: ErrorCode, message: string, context: RecordContext, diagnostics?: Diagnostics): ErrorRecord;
export declare function recordFromError(error: RollgateError, context: RecordContext): ErrorRecord;
/** Records sort by (t, failure_operator, code_id) and are never dropped (DESIGN 4.5). */
export declare function sortErrorRecords(records: readonly ErrorRecord[]): ErrorRecord[];
/** Code-unit order, independent of the locale, so sorting is the same on every machine. */
export declare function compareText(a: string, b: string): number;
