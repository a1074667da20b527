import type { ErrorCode } from './error-codes.js';
export interface DuplicateKey {
    /** The key, unescaped. */
    readonly key: string;
    /** JSON Pointer (RFC 6901) of the object holding it twice, "" for the document itself. */
    readonly pointer: string;
}
/** The first key that appears twice in one object of `text`, which must be valid JSON. */
export declare function findDuplicateKey(text: string): DuplicateKey | undefined;
/** A key or text value for a message: quoted as JSON (so it stays on one line), cut when long. */
export declare function quoteText(key: string): string;
/**
 * JSON.parse that refuses duplicate keys: `code` for a syntax error and for a key that appears
 * twice in one object, the message naming `what`, the key and the object's JSON Pointer.
 */
export declare function parseStrictJson(text: string, code: ErrorCode, what: string): unknown;
