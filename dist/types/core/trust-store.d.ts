export declare const KEY_ROLES: readonly ["release", "certificate"];
export type KeyRole = (typeof KEY_ROLES)[number];
export declare const TRUST_STORE_VERSION = "rollgate.trust-store/v1";
export declare const REVOCATION_BUNDLE_VERSION = "rollgate.revocation-bundle/v1";
export declare const ROTATION_VERSION = "rollgate.key-rotation/v1";
export declare const SignatureEntrySchema: import("@sinclair/typebox").TObject<{
    key_id: import("@sinclair/typebox").TString;
    signature: import("@sinclair/typebox").TString;
}>;
export declare const TrustStoreSchema: import("@sinclair/typebox").TObject<{
    trust_store_version: import("@sinclair/typebox").TLiteral<"rollgate.trust-store/v1">;
    keys: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        key_id: import("@sinclair/typebox").TString;
        public_key: import("@sinclair/typebox").TString;
        roles: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"release" | "certificate">[]>>;
        not_before: import("@sinclair/typebox").TString;
        not_after: import("@sinclair/typebox").TString;
        rotation_max_age_days: import("@sinclair/typebox").TInteger;
        description: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    }>>;
    thresholds: import("@sinclair/typebox").TObject<{
        release: import("@sinclair/typebox").TInteger;
        certificate: import("@sinclair/typebox").TInteger;
    }>;
    rotations: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        old_key_id: import("@sinclair/typebox").TString;
        new_key_id: import("@sinclair/typebox").TString;
        rotated_at: import("@sinclair/typebox").TString;
        reason: import("@sinclair/typebox").TString;
        signatures: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
            key_id: import("@sinclair/typebox").TString;
            signature: import("@sinclair/typebox").TString;
        }>>;
    }>>;
}>;
export declare const RevocationBundleSchema: import("@sinclair/typebox").TObject<{
    revocation_bundle_version: import("@sinclair/typebox").TLiteral<"rollgate.revocation-bundle/v1">;
    revocations: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        key_id: import("@sinclair/typebox").TString;
        revoked_at: import("@sinclair/typebox").TString;
        reason: import("@sinclair/typebox").TString;
    }>>;
}>;
export interface TrustedKey {
    readonly key_id: string;
    readonly public_key: Uint8Array;
    readonly roles: readonly KeyRole[];
    /** Epoch seconds, inclusive. */
    readonly not_before: number;
    /** Epoch seconds, inclusive. */
    readonly not_after: number;
    readonly rotation_max_age_days: number;
}
export interface SignatureEntry {
    readonly key_id: string;
    readonly signature: Uint8Array;
}
export interface RotationRecord {
    readonly old_key_id: string;
    readonly new_key_id: string;
    readonly rotated_at: number;
    readonly reason: string;
    readonly signatures: readonly SignatureEntry[];
}
export interface TrustStore {
    readonly keys: ReadonlyMap<string, TrustedKey>;
    readonly thresholds: Readonly<Record<KeyRole, number>>;
    readonly rotations: readonly RotationRecord[];
    /** SHA-256 of the document's bytes: the value the config pins. */
    readonly trust_store_hash: Uint8Array;
}
export interface Revocation {
    readonly key_id: string;
    readonly revoked_at: number;
    readonly reason: string;
}
export interface RevocationBundle {
    readonly revocations: ReadonlyMap<string, Revocation>;
    readonly revocation_bundle_hash: Uint8Array;
}
export declare function parseSignatureEntry(entry: {
    key_id: string;
    signature: string;
}): SignatureEntry;
/** Parses trust store bytes; `where` names the file in every message. */
export declare function parseTrustStore(bytes: Uint8Array, where?: string): TrustStore;
export declare function parseRevocationBundle(bytes: Uint8Array, where?: string): RevocationBundle;
/** Refuses bytes whose SHA-256 differs from a pin; the message names both digests. */
export declare function assertPinned(bytes: Uint8Array, pinned: Uint8Array, code: 'TRUST_STORE_HASH_MISMATCH' | 'REVOCATION_BUNDLE_HASH_MISMATCH', where: string): void;
