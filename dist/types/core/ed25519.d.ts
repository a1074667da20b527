export declare const PRIVATE_KEY_LENGTH = 32;
export declare const PUBLIC_KEY_LENGTH = 32;
export declare const SIGNATURE_LENGTH = 64;
export interface KeyPair {
    /** The 32-byte RFC 8032 seed. Secret: never print, log or store it outside its key file. */
    readonly privateKey: Uint8Array;
    readonly publicKey: Uint8Array;
}
export declare function generateKeyPair(): KeyPair;
export declare function publicKeyOf(privateKey: Uint8Array): Uint8Array;
/** key_id = "ed25519:" + the first 32 hex digits of SHA-256(public key). */
export declare function keyIdOf(publicKey: Uint8Array): string;
export declare function signBytes(message: Uint8Array, privateKey: Uint8Array): Uint8Array;
/** False for any invalid signature or key, including malformed lengths: never throws on bad data. */
export declare function verifyBytes(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
/** Signs the canonical CBOR bytes of a payload. */
export declare function signPayload(payload: unknown, privateKey: Uint8Array): Uint8Array;
export declare function verifyPayload(signature: Uint8Array, payload: unknown, publicKey: Uint8Array): boolean;
export declare function privateKeyToPem(privateKey: Uint8Array): string;
export declare function privateKeyFromPem(text: string, what?: string): Uint8Array;
export declare function publicKeyToPem(publicKey: Uint8Array): string;
export declare function publicKeyFromPem(text: string, what?: string): Uint8Array;
