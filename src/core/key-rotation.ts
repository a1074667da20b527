// Rotation records (DESIGN 4.3): {old_key_id, new_key_id, rotated_at, reason}, signed by both
// keys over the canonical payload below, so neither key alone can forge a succession.
import { signPayload } from './ed25519.js';
import { ROTATION_VERSION, type RotationRecord, type SignatureEntry } from './trust-store.js';
import { formatUtc } from './utc-time.js';

export function rotationPayload(record: Pick<RotationRecord, 'old_key_id' | 'new_key_id' | 'rotated_at' | 'reason'>) {
  return {
    rotation_version: ROTATION_VERSION,
    old_key_id: record.old_key_id,
    new_key_id: record.new_key_id,
    rotated_at: formatUtc(record.rotated_at),
    reason: record.reason,
  };
}

export function signRotation(
  record: Pick<RotationRecord, 'old_key_id' | 'new_key_id' | 'rotated_at' | 'reason'>,
  signer: { key_id: string; privateKey: Uint8Array },
): SignatureEntry {
  return { key_id: signer.key_id, signature: signPayload(rotationPayload(record), signer.privateKey) };
}
