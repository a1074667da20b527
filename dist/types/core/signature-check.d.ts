import type { ErrorCode } from './error-codes.js';
import type { KeyRole, RevocationBundle, SignatureEntry, TrustStore } from './trust-store.js';
export interface SignatureFinding {
    readonly key_id: string;
    readonly counted: boolean;
    /** Empty when the signature counted; otherwise every reason it did not, in check order. */
    readonly codes: readonly ErrorCode[];
    readonly reasons: readonly string[];
}
export interface SignatureReport {
    readonly role: KeyRole;
    readonly threshold: number;
    readonly verification_time_utc: string;
    readonly valid_signers: readonly string[];
    readonly signatures: readonly SignatureFinding[];
    readonly verdict: 'pass' | 'fail';
    /** Every distinct code found, sorted, including SIGNATURE_THRESHOLD_NOT_MET when short. */
    readonly codes: readonly ErrorCode[];
}
/** The type-and-version field every signed payload carries, so kinds never cross-verify. */
export interface PayloadKind {
    readonly field: string;
    readonly value: string;
}
export interface SignatureCheckInput {
    /** Any canonical value with the kind's field at its top level. */
    readonly payload: object;
    readonly kind: PayloadKind;
    readonly signatures: readonly SignatureEntry[];
    readonly role: KeyRole;
    readonly trustStore: TrustStore;
    readonly revocations: RevocationBundle;
    /** Epoch seconds. */
    readonly at: number;
}
/** The valid rotation records, keyed by the key they retire. Invalid ones are reported. */
export declare function validRotations(trustStore: TrustStore): Map<string, number>;
/** Why a rotation record does not hold, or undefined when it does. */
export declare function rotationProblem(record: TrustStore['rotations'][number], trustStore: TrustStore): string | undefined;
/**
 * Whether a key may stand behind a signature of `role` at `at`: known, never revoked (a
 * compromised key can backdate what it signs), holding the role, inside its window. Rotation is
 * not part of it: a key rotated out later still stands behind what it signed before.
 */
export declare function signerStanding(keyId: string, role: KeyRole, trust: {
    readonly trustStore: TrustStore;
    readonly revocations: RevocationBundle;
}, at: number): Array<[ErrorCode, string]>;
export declare function checkSignatures(input: SignatureCheckInput): SignatureReport;
/**
 * Every refusal in a report as (code, reason) pairs, each said once: one per key and code, then
 * the payload kind and the threshold shortfall. `kind` names what was signed, for the message.
 */
export declare function signatureProblems(report: SignatureReport, kind: string): Array<[ErrorCode, string]>;
/** Throws a coded error when the report fails: the threshold code, naming each refusal. */
export declare function assertSignaturesPass(report: SignatureReport, what: string): void;
