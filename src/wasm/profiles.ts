// The two WASM runtime profiles of document 001 §8 and the compliance check of a module's
// imports and size against one. Pure.

export const RUNTIME_PROFILES = ['wasm_wasi', 'channel_automation_wasi'] as const;
export type RuntimeProfile = (typeof RUNTIME_PROFILES)[number];

export interface RuntimeConstraints {
  readonly schema_version: 1;
  readonly profile_id: string;
  readonly target_role: string;
  readonly required_runtime_profile: RuntimeProfile;
  readonly required_abi: string;
  readonly required_feature_gates: readonly string[];
  readonly allowed_import_modules: readonly string[];
  readonly forbidden_import_modules: readonly string[];
  readonly max_artifact_size_bytes: number;
}

const BASE_CAPABILITIES = [
  'no_native_process_exec',
  'filesystem_limited_to_preopened_dirs',
  'network_access_requires_host_capability',
  'deterministic_time_requires_host_injection',
];

export function capabilityConstraints(profile: RuntimeProfile): string[] {
  return profile === 'channel_automation_wasi'
    ? [...BASE_CAPABILITIES, 'channel_event_dispatch_host_capability']
    : [...BASE_CAPABILITIES];
}

export function profileConstraints(profile: RuntimeProfile): RuntimeConstraints {
  const channel = profile === 'channel_automation_wasi';
  return {
    schema_version: 1,
    profile_id: channel ? 'channel_automation_runtime_v1' : 'control_plane_gateway_v1',
    target_role: channel ? 'channel_automation_runtime' : 'control_plane_gateway',
    required_runtime_profile: profile,
    required_abi: 'wasi:*',
    required_feature_gates: capabilityConstraints(profile),
    allowed_import_modules: ['wasi:*', 'env'],
    forbidden_import_modules: ['wasi_snapshot_preview1', 'wasi_unstable'],
    max_artifact_size_bytes: channel ? 1_048_576 : 2_097_152,
  };
}

/** Document 001's compliance reason codes, in its order. */
export const COMPLIANCE_CODES = [
  'runtime_profile_mismatch',
  'artifact_size_limit_exceeded',
  'required_feature_gate_missing',
  'abi_assumed_no_imports',
  'required_abi_missing',
  'import_module_not_allowlisted',
  'import_module_forbidden',
] as const;
export type ComplianceCode = (typeof COMPLIANCE_CODES)[number];

/** A trailing `*` matches a prefix; anything else matches exactly. */
export function matchesPattern(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

export interface ComplianceInput {
  readonly runtime_profile: RuntimeProfile;
  readonly constraints: RuntimeConstraints;
  readonly capability_constraints: readonly string[];
  readonly size_bytes: number;
  readonly imports: readonly string[];
}

export function complianceCodes(input: ComplianceInput): ComplianceCode[] {
  const c = input.constraints;
  const codes: ComplianceCode[] = [];
  if (input.runtime_profile !== c.required_runtime_profile) codes.push('runtime_profile_mismatch');
  if (input.size_bytes > c.max_artifact_size_bytes) codes.push('artifact_size_limit_exceeded');
  if (!c.required_feature_gates.every((g) => input.capability_constraints.includes(g)))
    codes.push('required_feature_gate_missing');
  if (input.imports.length === 0) codes.push('abi_assumed_no_imports');
  else if (!input.imports.some((i) => matchesPattern(i, c.required_abi))) codes.push('required_abi_missing');
  if (input.imports.some((i) => !c.allowed_import_modules.some((p) => matchesPattern(i, p))))
    codes.push('import_module_not_allowlisted');
  if (input.imports.some((i) => c.forbidden_import_modules.some((p) => matchesPattern(i, p))))
    codes.push('import_module_forbidden');
  return codes;
}

/** Only `abi_assumed_no_imports` is allowed in a compliant module. */
export function isCompliant(codes: readonly ComplianceCode[]): boolean {
  return codes.every((c) => c === 'abi_assumed_no_imports');
}
