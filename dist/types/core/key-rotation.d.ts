import { type RotationRecord, type SignatureEntry } from './trust-store.js';
export declare function rotationPayload(record: Pick<RotationRecord, 'old_key_id' | 'new_key_id' | 'rotated_at' | 'reason'>): {
    rotation_version: string;
    old_key_id: string;
    new_key_id: string;
    rotated_at: string;
    reason: string;
};
export declare function signRotation(record: Pick<RotationRecord, 'old_key_id' | 'new_key_id' | 'rotated_at' | 'reason'>, signer: {
    key_id: string;
    privateKey: Uint8Array;
}): SignatureEntry;
