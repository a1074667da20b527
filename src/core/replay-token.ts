// The replay token (DESIGN 4.4): equal tokens promise a bit-for-bit equal run.
import { assertBytes } from './bytes.js';
import { DIGEST_LENGTH, taggedHash } from './digest.js';
import { HASH_TAGS } from './hash-tags.js';

export interface ReplayTokenInputs {
  readonly spec_version: string;
  readonly policy_bundle_hash: Uint8Array;
  readonly runtime_env_hash: Uint8Array;
  readonly operator_contracts_root_hash: Uint8Array;
  readonly determinism_profile_hash: Uint8Array;
  readonly inputs_hash: Uint8Array;
}

export function replayToken(inputs: ReplayTokenInputs): Uint8Array {
  const hashes = [
    inputs.policy_bundle_hash,
    inputs.runtime_env_hash,
    inputs.operator_contracts_root_hash,
    inputs.determinism_profile_hash,
    inputs.inputs_hash,
  ];
  for (const hash of hashes) assertBytes(hash, DIGEST_LENGTH, 'replay token input');
  if (typeof inputs.spec_version !== 'string' || inputs.spec_version === '') {
    throw new TypeError('spec_version must be a non-empty string');
  }
  return taggedHash(HASH_TAGS.replay_token_v1, inputs.spec_version, ...hashes);
}
