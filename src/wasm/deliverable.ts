// The WASM deliverable manifest (document 001 §8): fields in the document's order, no wall-clock
// field unless one is given (so repackaging the same module is byte-identical), and its
// validation: the constraints must equal the built-in profile exactly (no drift), the artifact
// must hash and size as recorded, and its imports must still comply.
import { Type } from '@sinclair/typebox';
import { sha256 } from '../core/digest.js';
import { toHex } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';
import { parseJsonText, schemaValidator, validateOrThrow } from '../core/schema.js';
import { importModules } from './imports.js';
import {
  RUNTIME_PROFILES,
  capabilityConstraints,
  complianceCodes,
  isCompliant,
  profileConstraints,
  type ComplianceCode,
  type RuntimeConstraints,
  type RuntimeProfile,
} from './profiles.js';

export const WASM_MANIFEST_KIND = 'rollgate_wasm_deliverable';

export interface WasmManifest {
  readonly schema_version: 1;
  readonly manifest_kind: typeof WASM_MANIFEST_KIND;
  readonly blueprint_id: string;
  readonly deploy_target: 'wasm';
  readonly runtime_profile: RuntimeProfile;
  readonly source_module_path: string;
  readonly artifact_path: string;
  readonly artifact_sha256: string;
  readonly artifact_size_bytes: number;
  readonly generated_unix_ms?: number;
  readonly capability_constraints: readonly string[];
  readonly runtime_constraints: RuntimeConstraints;
  readonly observed_import_modules: readonly string[];
}

/** Characters outside [A-Za-z0-9._-] become `_` in the blueprint's directory name. */
export function sanitizeBlueprint(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

export interface BuiltDeliverable {
  readonly manifest: WasmManifest;
  readonly compliance_reason_codes: readonly ComplianceCode[];
}

export function buildDeliverable(
  bytes: Uint8Array,
  options: {
    blueprint_id: string;
    runtime_profile: RuntimeProfile;
    source_module_path: string;
    generated_unix_ms?: number;
  },
): BuiltDeliverable {
  if (options.blueprint_id.trim() === '') throw new RollgateError('INPUT_INVALID', 'blueprint id must not be blank');
  const imports = importModules(bytes);
  const hex = toHex(sha256(bytes));
  const constraints = profileConstraints(options.runtime_profile);
  const capabilities = capabilityConstraints(options.runtime_profile);
  const codes = complianceCodes({
    runtime_profile: options.runtime_profile,
    constraints,
    capability_constraints: capabilities,
    size_bytes: bytes.length,
    imports,
  });
  if (!isCompliant(codes)) {
    throw new RollgateError(
      'WASM_NOT_COMPLIANT',
      `${options.source_module_path}: not compliant with ${constraints.profile_id}: ${codes.join(', ')} (imports: ${imports.join(', ') || 'none'})`,
      {
        diagnostics: { codes: codes.join(','), imports: imports.join(',') },
      },
    );
  }
  const manifest: WasmManifest = {
    schema_version: 1,
    manifest_kind: WASM_MANIFEST_KIND,
    blueprint_id: options.blueprint_id,
    deploy_target: 'wasm',
    runtime_profile: options.runtime_profile,
    source_module_path: options.source_module_path,
    artifact_path: `${hex}.wasm`,
    artifact_sha256: hex,
    artifact_size_bytes: bytes.length,
    ...(options.generated_unix_ms === undefined ? {} : { generated_unix_ms: options.generated_unix_ms }),
    capability_constraints: capabilities,
    runtime_constraints: constraints,
    observed_import_modules: imports,
  };
  return { manifest, compliance_reason_codes: codes };
}

const StringList = Type.Array(Type.String());
const ManifestSchema = Type.Object(
  {
    schema_version: Type.Literal(1),
    manifest_kind: Type.Literal(WASM_MANIFEST_KIND),
    blueprint_id: Type.String({ minLength: 1 }),
    deploy_target: Type.Literal('wasm'),
    runtime_profile: Type.Union(RUNTIME_PROFILES.map((p) => Type.Literal(p))),
    source_module_path: Type.String(),
    artifact_path: Type.String({ minLength: 1 }),
    artifact_sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    artifact_size_bytes: Type.Integer({ minimum: 1 }),
    generated_unix_ms: Type.Optional(Type.Integer({ minimum: 1 })),
    capability_constraints: Type.Array(Type.String(), { minItems: 1 }),
    runtime_constraints: Type.Object({}, { additionalProperties: true }),
    observed_import_modules: StringList,
  },
  { additionalProperties: false },
);
const validateManifest = schemaValidator(ManifestSchema);

export interface ManifestInspection {
  readonly manifest: WasmManifest;
  readonly compliant: boolean;
  readonly reason_codes: readonly ComplianceCode[];
}

function drift(where: string, what: string): RollgateError {
  return new RollgateError('WASM_MANIFEST_INVALID', `${where}: ${what}`);
}

/** Parses a manifest and checks it against its profile and the artifact's bytes (when given). */
export function inspectDeliverable(text: string, where: string, artifact?: Uint8Array): ManifestInspection {
  const doc = validateOrThrow(
    validateManifest,
    parseJsonText(text, 'WASM_MANIFEST_INVALID', where),
    'WASM_MANIFEST_INVALID',
    where,
  );
  const expected = profileConstraints(doc.runtime_profile);
  if (JSON.stringify(doc.runtime_constraints) !== JSON.stringify(expected))
    throw drift(where, `runtime_constraints differ from the built-in ${expected.profile_id} profile (drift)`);
  // The schema checked every field but runtime_constraints, which equals the profile's (above).
  const manifest: WasmManifest = { ...doc, runtime_constraints: expected };
  let imports = manifest.observed_import_modules;
  if (artifact) {
    const hex = toHex(sha256(artifact));
    if (hex !== manifest.artifact_sha256)
      throw drift(where, `hash mismatch: expected ${manifest.artifact_sha256} observed ${hex}`);
    if (artifact.length !== manifest.artifact_size_bytes)
      throw drift(where, `size mismatch: expected ${manifest.artifact_size_bytes} observed ${artifact.length}`);
    imports = importModules(artifact);
    if (JSON.stringify(imports) !== JSON.stringify(manifest.observed_import_modules))
      throw drift(where, "the artifact's imports differ from observed_import_modules");
  }
  const codes = complianceCodes({
    runtime_profile: manifest.runtime_profile,
    constraints: expected,
    capability_constraints: manifest.capability_constraints,
    size_bytes: manifest.artifact_size_bytes,
    imports,
  });
  return { manifest, compliant: isCompliant(codes), reason_codes: codes };
}
