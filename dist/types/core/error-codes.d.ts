export type Severity = 'FATAL' | 'ERROR' | 'WARN';
export type Fault = 'user' | 'bug';
export interface ErrorCodeSpec {
    readonly numeric_code: number;
    readonly severity: Severity;
    readonly subsystem: string;
    readonly retryable: boolean;
    readonly fault: Fault;
    /** What the person who hits this should do. */
    readonly fix: string;
}
export declare const ERROR_CODES: {
    readonly WAL_CORRUPTION: ErrorCodeSpec;
    readonly CONTRACT_VIOLATION: ErrorCodeSpec;
    readonly REPLAY_DIVERGENCE: ErrorCodeSpec;
    readonly CBOR_ENCODE_INVALID: ErrorCodeSpec;
    readonly CBOR_DECODE_INVALID: ErrorCodeSpec;
    readonly CBOR_NONCANONICAL: ErrorCodeSpec;
    readonly DIGEST_FORMAT_INVALID: ErrorCodeSpec;
    readonly TIME_FORMAT_INVALID: ErrorCodeSpec;
    readonly INPUT_INVALID: ErrorCodeSpec;
    readonly FILE_NOT_FOUND: ErrorCodeSpec;
    readonly FILE_READ_FAILED: ErrorCodeSpec;
    readonly FILE_WRITE_FAILED: ErrorCodeSpec;
    readonly FILE_EXISTS: ErrorCodeSpec;
    readonly INTERNAL_ERROR: ErrorCodeSpec;
    readonly KEY_FORMAT_INVALID: ErrorCodeSpec;
    readonly SIGNATURE_INVALID: ErrorCodeSpec;
    readonly KEY_UNKNOWN: ErrorCodeSpec;
    readonly KEY_REVOKED: ErrorCodeSpec;
    readonly KEY_OUTSIDE_WINDOW: ErrorCodeSpec;
    readonly KEY_WRONG_ROLE: ErrorCodeSpec;
    readonly SIGNATURE_THRESHOLD_NOT_MET: ErrorCodeSpec;
    readonly KEY_ROTATION_OVERDUE: ErrorCodeSpec;
    readonly KEY_SUPERSEDED: ErrorCodeSpec;
    readonly ROTATION_RECORD_INVALID: ErrorCodeSpec;
    readonly TRUST_STORE_INVALID: ErrorCodeSpec;
    readonly REVOCATION_BUNDLE_INVALID: ErrorCodeSpec;
    readonly TRUST_STORE_HASH_MISMATCH: ErrorCodeSpec;
    readonly REVOCATION_BUNDLE_HASH_MISMATCH: ErrorCodeSpec;
    readonly SIGNER_DUPLICATE: ErrorCodeSpec;
    readonly PAYLOAD_TYPE_MISMATCH: ErrorCodeSpec;
    readonly TRACE_CHAIN_BROKEN: ErrorCodeSpec;
};
export type ErrorCode = keyof typeof ERROR_CODES;
export declare function isErrorCode(value: string): value is ErrorCode;
