// The deterministic evaluator of document 001's runtime (reference §3): first matching rule
// wins; a rejection is {status: "rejected", reason}; a success is 201 for wasm and 202
// otherwise with the accepted body. WASM manifests arrive already loaded and verified (a port).
import type { FixtureCase, Outcome } from './fixture.js';

export interface LoadedManifest {
  readonly ok: boolean;
  readonly runtime_profile?: string;
  readonly artifact_path?: string;
  readonly artifact_sha256?: string;
  readonly artifact_size_bytes?: number;
  readonly capability_constraints?: readonly string[];
}

export interface CaseResponse {
  readonly outcome: Outcome;
  readonly status_code: number;
  readonly error_code: string;
  readonly response_body: Record<string, unknown>;
}

const lc = (s: string) => s.trim().toLowerCase();
const reject = (status_code: number, error_code: string, reason: string): CaseResponse => ({
  outcome: status_code === 503 ? 'retryable_failure' : 'malformed_input',
  status_code,
  error_code,
  response_body: { status: 'rejected', reason },
});

const STRATEGY: Readonly<Record<string, string>> = { kubernetes: 'rolling', container: 'recreate', wasm: 'canary' };

export function evaluateCase(c: FixtureCase, manifest: LoadedManifest | undefined): CaseResponse {
  if (c.simulate_retryable_failure)
    return {
      outcome: 'retryable_failure',
      status_code: 503,
      error_code: 'deployment_backend_unavailable',
      response_body: { status: 'retryable', reason: 'control_plane_unavailable' },
    };
  const target = lc(c.deploy_target);
  const runtime = lc(c.runtime_profile);
  const environment = lc(c.environment);
  if (!['container', 'kubernetes', 'wasm'].includes(target))
    return reject(400, 'deployment_invalid_blueprint', 'unsupported_target');
  if (!['native', 'wasm_wasi'].includes(runtime))
    return reject(400, 'deployment_invalid_blueprint', 'unsupported_runtime_profile');
  if (!['staging', 'production'].includes(environment))
    return reject(400, 'deployment_invalid_blueprint', 'unsupported_environment');
  if ((target === 'wasm') !== (runtime === 'wasm_wasi'))
    return reject(422, 'deployment_unsupported_runtime', 'runtime_target_mismatch');
  if (c.blueprint_id.trim() === '') return reject(400, 'deployment_invalid_blueprint', 'missing_blueprint_id');
  if (c.region.trim() === '') return reject(400, 'deployment_invalid_blueprint', 'missing_region');
  if (c.replicas === 0) return reject(400, 'deployment_invalid_blueprint', 'invalid_replica_count');
  let extra: Record<string, unknown> = {};
  let artifact: string;
  if (target === 'wasm' && c.wasm_manifest.trim() !== '') {
    if (!manifest?.ok) return reject(400, 'deployment_missing_artifact', 'invalid_wasm_manifest');
    if (manifest.runtime_profile !== runtime)
      return reject(422, 'deployment_unsupported_runtime', 'wasm_manifest_runtime_mismatch');
    artifact = manifest.artifact_path ?? '';
    extra = {
      artifact_sha256: manifest.artifact_sha256,
      artifact_size_bytes: manifest.artifact_size_bytes,
      artifact_manifest: c.wasm_manifest.trim(),
      runtime_constraints: manifest.capability_constraints,
    };
  } else if (target === 'wasm') {
    if (c.wasm_module.trim() === '') return reject(400, 'deployment_missing_artifact', 'missing_wasm_module');
    artifact = c.wasm_module.trim();
  } else {
    if (c.container_image.trim() === '') return reject(400, 'deployment_missing_artifact', 'missing_container_image');
    artifact = c.container_image.trim();
  }
  return {
    outcome: 'success',
    status_code: target === 'wasm' ? 201 : 202,
    error_code: '',
    response_body: {
      status: 'accepted',
      blueprint_id: c.blueprint_id.trim(),
      deploy_target: target,
      runtime_profile: runtime,
      environment,
      region: c.region.trim(),
      replicas: c.replicas,
      rollout_strategy: STRATEGY[target],
      artifact,
      ...extra,
    },
  };
}

/** Deep equality with key order ignored, as the reference's contract check. */
export function sameBody(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && sameBody((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
