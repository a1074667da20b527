// The replay token of every deploy operator's records (DESIGN 4.4): the runbook's spec version,
// the determinism profile, and what the caller says the run used and judged.
import { replayToken } from '../core/replay-token.js';
import { determinismProfileHash, operatorContractsRoot, type OperatorContract } from '../core/run-identity.js';

export const DEPLOY_SPEC_VERSION = 'UML_OS.Implementation.DeploymentRunbook_v1';

export function deployReplayToken(input: {
  readonly policy_bundle_hash: Uint8Array;
  readonly runtime_env_hash: Uint8Array;
  readonly operators: readonly OperatorContract[];
  readonly inputs_hash: Uint8Array;
}): Uint8Array {
  return replayToken({
    spec_version: DEPLOY_SPEC_VERSION,
    policy_bundle_hash: input.policy_bundle_hash,
    runtime_env_hash: input.runtime_env_hash,
    operator_contracts_root_hash: operatorContractsRoot(input.operators),
    determinism_profile_hash: determinismProfileHash(),
    inputs_hash: input.inputs_hash,
  });
}
