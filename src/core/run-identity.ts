// The run-level hashes every verdict is replayed against (DESIGN 4.4, 8.2):
// operator_contracts_root_hash over the operators a run used, and determinism_profile_hash over
// the numeric and ordering policy all rollgate operators follow (document 000/004 section 0.Z).
import { f64 } from './cbor.js';
import { taggedHash } from './digest.js';
import { compareText } from './errors.js';
import { HASH_TAGS } from './hash-tags.js';

export interface OperatorContract {
  readonly operator_id: string;
  readonly version: string;
}

export function operatorContractsRoot(operators: readonly OperatorContract[]): Uint8Array {
  const pairs = [...new Map(operators.map((o) => [`${o.operator_id}\u0000${o.version}`, o])).values()]
    .sort((a, b) => compareText(a.operator_id, b.operator_id) || compareText(a.version, b.version))
    .map((o) => [o.operator_id, o.version]);
  return taggedHash(HASH_TAGS.operator_contracts_v1, pairs);
}

/** The declared numeric and ordering policy: changing any of it is a new determinism profile. */
export const DETERMINISM_PROFILE = Object.freeze({
  profile_version: 'rollgate.determinism-profile/v1',
  float_format: 'IEEE-754 binary64',
  rounding: 'round-to-nearest-ties-to-even',
  fast_math: false,
  eps_eq: f64(1e-10),
  eps_denom: f64(1e-12),
  nan_inf: 'fail-closed',
  ordering: 'UTF-16 code-unit order of text keys; canonical CBOR map order',
  encoding: 'CBOR_CANONICAL (RFC 8949 4.2.1, typed binary64 floats)',
});

export function determinismProfileHash(): Uint8Array {
  return taggedHash(HASH_TAGS.determinism_profile_v1, DETERMINISM_PROFILE);
}
