/** A number declared as a float field: encoded as binary64 (0xfb) whatever its value. */
export declare class F64 {
    readonly value: number;
    constructor(value: number);
}
export declare function f64(value: number): F64;
export declare function isF64(value: unknown): value is F64;
/** A value that encodeCanonical accepts (and decodeCanonical returns). */
export type CborValue = null | boolean | number | bigint | string | Uint8Array | F64 | readonly CborValue[] | {
    readonly [key: string]: CborValue;
} | ReadonlyMap<string, CborValue>;
export declare function encodeCanonical(value: unknown): Uint8Array;
/**
 * Strict decoding of anything hashed: refuses non-shortest forms, indefinite lengths,
 * duplicate or unsorted keys, tags, invalid UTF-8 and trailing bytes, so that
 * encodeCanonical(decodeCanonical(b)) equals b.
 */
export declare function decodeCanonical(bytes: Uint8Array): CborValue;
