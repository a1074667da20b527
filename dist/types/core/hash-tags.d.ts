export declare const HASH_TAGS: {
    /** H("deps_lock_v1", lockfile_hash, toolchain_hash, runtime_env_hash): fixed by document 000 II.F. */
    readonly deps_lock_v1: "deps_lock_v1";
    /** H("toolchain_v1", python_version, pip_version, installer_version): fixed by document 004 II.F. */
    readonly toolchain_v1: "toolchain_v1";
    /** SHA-256(CBOR(["trace_chain_v1", []])) and SHA-256(CBOR(["trace_chain_v1", [h_prev, record_hash]])): DESIGN 4.4. */
    readonly trace_chain_v1: "trace_chain_v1";
    /** H("replay_token_v1", spec_version, policy_bundle_hash, runtime_env_hash, operator_contracts_root_hash, determinism_profile_hash, inputs_hash). */
    readonly replay_token_v1: "replay_token_v1";
    /** H("runtime_env_v1", platform, arch): the OS and CPU a run executed on (not Node's version: verdicts are the same bytes on every supported Node). */
    readonly runtime_env_v1: "runtime_env_v1";
    /** H("wal_record_v1", record without record_hash): DESIGN 5. */
    readonly wal_record_v1: "wal_record_v1";
    /** H("release_v1", manifest without signatures): DESIGN 7.1. */
    readonly release_v1: "release_v1";
    /** Lineage Merkle tree (DESIGN 8.2): leaf H("lineage_leaf_v1", object_type, object_id, digest). */
    readonly lineage_leaf_v1: "lineage_leaf_v1";
    /** Lineage Merkle tree: inner node H("lineage_node_v1", left, right); an odd last node is promoted. */
    readonly lineage_node_v1: "lineage_node_v1";
    /** Lineage root of a run with no evidence: H("lineage_empty_v1"). */
    readonly lineage_empty_v1: "lineage_empty_v1";
    /** H("lockfile_set_v1", [[path, sha256], …] sorted by path): lockfile_hash when a run verifies several lockfiles (one lockfile: the SHA-256 of its bytes). */
    readonly lockfile_set_v1: "lockfile_set_v1";
    /** H("operator_contracts_v1", [[operator_id, version], …] sorted): operator_contracts_root_hash (DESIGN 8.2). */
    readonly operator_contracts_v1: "operator_contracts_v1";
    /** H("determinism_profile_v1", profile): determinism_profile_hash over the numeric and ordering policy (DESIGN 8.2). */
    readonly determinism_profile_v1: "determinism_profile_v1";
};
export type HashTag = (typeof HASH_TAGS)[keyof typeof HASH_TAGS];
