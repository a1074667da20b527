// UML_OS.Deploy.PreflightChecks_v1 (document 000 II.F, DESIGN 7.3): every check runs and is
// reported with its code, whether or not another failed: the release signature threshold by
// allowed, unrevoked, in-window release keys; every artifact's hash and size; lock-verify
// passed for the same lockfile_hash; the config valid; the checkpoint requirement compatible
// with the environment's current checkpoint; rotation records where a key is due; the trace
// artifacts this step needs. Pure: observations arrive as data; time is an argument.
import { equalBytes } from '../core/bytes.js';
import { formatDigest } from '../core/digest.js';
import type { ErrorCode } from '../core/error-codes.js';
import { checkSignatures, signatureProblems, validRotations, type SignatureReport } from '../core/signature-check.js';
import type { RevocationBundle, SignatureEntry, TrustStore } from '../core/trust-store.js';
import { SECONDS_PER_DAY, formatUtc } from '../core/utc-time.js';
import { RELEASE_KIND, type ReleaseManifest } from './manifest.js';

export const PREFLIGHT_OPERATOR = 'UML_OS.Deploy.PreflightChecks_v1';

export const PREFLIGHT_CHECKS = [
  'signatures',
  'key_rotation',
  'artifacts',
  'lock_verified',
  'config',
  'checkpoint',
  'trace_artifacts',
] as const;
export type PreflightCheckName = (typeof PREFLIGHT_CHECKS)[number];

export interface PreflightCheck {
  readonly check: PreflightCheckName;
  readonly result: 'pass' | 'fail';
  readonly codes: readonly ErrorCode[];
  readonly details: readonly string[];
}

export interface PreflightInput {
  readonly manifest: ReleaseManifest;
  readonly release_hash: Uint8Array;
  readonly signatures: readonly SignatureEntry[];
  readonly trust_store: TrustStore;
  readonly revocations: RevocationBundle;
  /** Epoch seconds: the verification time, recorded in the report. */
  readonly at: number;
  /** What the adapter observed of each artifact by name; absent when it is not at hand. */
  readonly observed_artifacts: ReadonlyMap<string, { readonly sha256: Uint8Array; readonly size: number }>;
  /** The lock report of this run's state, when there is one. */
  readonly lock_report: { readonly lock_verdict: string; readonly lockfile_hash: Uint8Array } | null;
  /** Config validation problems (empty when valid) and the config's hash. */
  readonly config: { readonly problems: readonly string[]; readonly hash: Uint8Array };
  /** The environment's current checkpoint schema id, or null before its first deployment. */
  readonly environment_checkpoint: string | null;
  /** Where environment_checkpoint was read (state.json, a GitHub deployment), for the report. */
  readonly environment_checkpoint_source: string;
  readonly required_evidence: readonly string[];
  readonly present_evidence: ReadonlySet<string>;
}

export interface PreflightReport {
  readonly report_version: 'rollgate.preflight-report/v1';
  readonly operator: typeof PREFLIGHT_OPERATOR;
  readonly release_id: string;
  readonly release_hash: Uint8Array;
  readonly verification_time_utc: string;
  readonly verdict: 'pass' | 'fail';
  readonly checks: readonly PreflightCheck[];
  readonly signature_report: SignatureReport;
  /**
   * The environment's checkpoint schema preflight found (null: none recorded yet): with the
   * release's requirement it gives the schema the environment is at once the release is promoted.
   */
  readonly environment_checkpoint: string | null;
}

function check(name: PreflightCheckName, problems: Array<[ErrorCode, string]>, passDetail: string): PreflightCheck {
  return {
    check: name,
    result: problems.length === 0 ? 'pass' : 'fail',
    codes: [...new Set(problems.map(([c]) => c))].sort(),
    details: problems.length === 0 ? [passDetail] : problems.map(([, d]) => d),
  };
}

function artifactProblems(input: PreflightInput): Array<[ErrorCode, string]> {
  const problems: Array<[ErrorCode, string]> = [];
  for (const a of input.manifest.artifacts) {
    if (a.kind === 'container_image') continue; // pinned by digest; the registry verifies the bytes
    const seen = input.observed_artifacts.get(a.name);
    if (!seen) problems.push(['ARTIFACT_MISSING', `${a.name}: not found`]);
    else {
      if (!equalBytes(seen.sha256, a.sha256))
        problems.push([
          'ARTIFACT_HASH_MISMATCH',
          `${a.name}: ${formatDigest(seen.sha256)}, manifest says ${formatDigest(a.sha256)}`,
        ]);
      if (seen.size !== a.size)
        problems.push(['ARTIFACT_SIZE_MISMATCH', `${a.name}: ${seen.size} bytes, manifest says ${a.size}`]);
    }
  }
  return problems;
}

export function preflight(input: PreflightInput): PreflightReport {
  const { manifest } = input;
  const signatureReport = checkSignatures({
    payload: manifest,
    kind: RELEASE_KIND,
    signatures: input.signatures,
    role: 'release',
    trustStore: input.trust_store,
    revocations: input.revocations,
    at: input.at,
  });
  const retired = validRotations(input.trust_store);
  const overdue = [...input.trust_store.keys.values()]
    .filter(
      (k) =>
        k.roles.includes('release') &&
        !retired.has(k.key_id) &&
        input.at - k.not_before > k.rotation_max_age_days * SECONDS_PER_DAY,
    )
    .map((k): [ErrorCode, string] => [
      'KEY_ROTATION_OVERDUE',
      `${k.key_id}: older than ${k.rotation_max_age_days} days with no rotation record`,
    ]);
  const lock: Array<[ErrorCode, string]> = [];
  if (manifest.lockfile_hash === null) lock.push(['LOCK_NOT_VERIFIED', 'the manifest binds no lockfile_hash']);
  else if (!input.lock_report) lock.push(['LOCK_NOT_VERIFIED', 'the state holds no lock report']);
  else if (!equalBytes(input.lock_report.lockfile_hash, manifest.lockfile_hash))
    lock.push([
      'LOCK_NOT_VERIFIED',
      `lock-verify checked ${formatDigest(input.lock_report.lockfile_hash)}, the release binds ${formatDigest(manifest.lockfile_hash)}`,
    ]);
  else if (input.lock_report.lock_verdict !== 'pass')
    lock.push(['LOCK_NOT_VERIFIED', `lock-verify's verdict was ${input.lock_report.lock_verdict}`]);
  const config: Array<[ErrorCode, string]> = input.config.problems.map((p) => ['CONFIG_INVALID', p]);
  if (manifest.config_hash !== null && !equalBytes(manifest.config_hash, input.config.hash)) {
    config.push([
      'CONFIG_INVALID',
      `the config hashes to ${formatDigest(input.config.hash)}, the release binds ${formatDigest(manifest.config_hash)}`,
    ]);
  }
  const requirement = manifest.checkpoint_requirement;
  const checkpoint: Array<[ErrorCode, string]> =
    requirement &&
    input.environment_checkpoint !== null &&
    input.environment_checkpoint !== requirement.schema_id &&
    !requirement.compatible_with.includes(input.environment_checkpoint)
      ? [
          [
            'CHECKPOINT_INCOMPATIBLE',
            `the environment is at ${input.environment_checkpoint} (${input.environment_checkpoint_source}); the release needs ${requirement.schema_id} or one of ${requirement.compatible_with.join(', ') || 'none'}`,
          ],
        ]
      : [];
  const evidence = input.required_evidence
    .filter((e) => !input.present_evidence.has(e))
    .map((e): [ErrorCode, string] => ['TRACE_ARTIFACT_MISSING', `no ${e} in the state`]);
  const checks = [
    check(
      'signatures',
      signatureProblems(signatureReport, 'a release manifest'),
      `${signatureReport.valid_signers.length} valid release signature(s), ${signatureReport.threshold} required`,
    ),
    check('key_rotation', overdue, 'no release key is past its rotation age without a rotation record'),
    check('artifacts', artifactProblems(input), `${manifest.artifacts.length} artifacts match their hash and size`),
    check('lock_verified', lock, 'lock-verify passed for the same lockfile_hash'),
    check('config', config, 'the config is valid'),
    check(
      'checkpoint',
      checkpoint,
      requirement
        ? input.environment_checkpoint === null
          ? `no checkpoint recorded for the environment (${input.environment_checkpoint_source}): the release sets ${requirement.schema_id}`
          : `checkpoint ${input.environment_checkpoint} (${input.environment_checkpoint_source}) is compatible with ${requirement.schema_id}`
        : 'the release needs no checkpoint',
    ),
    check('trace_artifacts', evidence, `${input.required_evidence.length} required evidence objects present`),
  ];
  return {
    report_version: 'rollgate.preflight-report/v1',
    operator: PREFLIGHT_OPERATOR,
    release_id: manifest.release_id,
    release_hash: input.release_hash,
    verification_time_utc: formatUtc(input.at),
    verdict: checks.every((c) => c.result === 'pass') ? 'pass' : 'fail',
    checks,
    signature_report: signatureReport,
    environment_checkpoint: input.environment_checkpoint,
  };
}
