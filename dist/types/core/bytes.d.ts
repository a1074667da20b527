export declare function isBytes(value: unknown): value is Uint8Array;
export declare function assertBytes(value: unknown, length?: number, what?: string): Uint8Array;
export declare function toHex(bytes: Uint8Array): string;
/** Lowercase hex only: one spelling per value keeps text forms canonical. */
export declare function fromHex(hex: string): Uint8Array;
export declare function toBase64(bytes: Uint8Array): string;
export declare function fromBase64(text: string): Uint8Array;
export declare function concatBytes(...parts: Uint8Array[]): Uint8Array;
/** Constant time in the length of the inputs, so comparing a secret leaks no prefix. */
export declare function equalBytes(a: Uint8Array, b: Uint8Array): boolean;
export declare function utf8(text: string): Uint8Array;
/** Throws TypeError on invalid UTF-8 instead of substituting U+FFFD. */
export declare function fromUtf8(bytes: Uint8Array): string;
