export interface ReplayTokenInputs {
    readonly spec_version: string;
    readonly policy_bundle_hash: Uint8Array;
    readonly runtime_env_hash: Uint8Array;
    readonly operator_contracts_root_hash: Uint8Array;
    readonly determinism_profile_hash: Uint8Array;
    readonly inputs_hash: Uint8Array;
}
export declare function replayToken(inputs: ReplayTokenInputs): Uint8Array;
