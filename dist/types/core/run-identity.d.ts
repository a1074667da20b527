export interface OperatorContract {
    readonly operator_id: string;
    readonly version: string;
}
export declare function operatorContractsRoot(operators: readonly OperatorContract[]): Uint8Array;
/** The declared numeric and ordering policy: changing any of it is a new determinism profile. */
export declare const DETERMINISM_PROFILE: Readonly<{
    profile_version: "rollgate.determinism-profile/v1";
    float_format: "IEEE-754 binary64";
    rounding: "round-to-nearest-ties-to-even";
    fast_math: false;
    eps_eq: import("./cbor.js").F64;
    eps_denom: import("./cbor.js").F64;
    nan_inf: "fail-closed";
    ordering: "UTF-16 code-unit order of text keys; canonical CBOR map order";
    encoding: "CBOR_CANONICAL (RFC 8949 4.2.1, typed binary64 floats)";
}>;
export declare function determinismProfileHash(): Uint8Array;
