import type { HashTag } from './hash-tags.js';
export declare const DIGEST_LENGTH = 32;
export declare function sha256(bytes: Uint8Array): Uint8Array;
/** ObjectDigest: SHA-256 of the canonical encoding, no tag. */
export declare function objectDigest(value: unknown): Uint8Array;
/** H(tag, a, b, …) = SHA-256(CBOR_CANONICAL([tag, a, b, …])), written flat as the documents do. */
export declare function taggedHash(tag: HashTag, ...items: unknown[]): Uint8Array;
export declare function formatDigest(digest: Uint8Array): string;
export declare function isDigestText(text: unknown): text is string;
export declare function parseDigest(text: string, where?: string): Uint8Array;
/** Hashes a stream chunk by chunk, so memory stays flat whatever the size. */
export declare function digestStream(source: AsyncIterable<Uint8Array | string>): Promise<{
    digest: Uint8Array;
    size: number;
}>;
/**
 * Streams a file through SHA-256. The one place the core touches the disk, and only to read:
 * the public core API promises file hashing (DESIGN 4.2: never read whole into memory).
 */
export declare function digestFile(path: string): Promise<{
    digest: Uint8Array;
    size: number;
}>;
