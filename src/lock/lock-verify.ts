// The lock-verify run (document 004 section 6): ValidateLockfile_v1, VerifyArtifactHashes_v1,
// EvaluateUpgradeRequest_v1 when a base is given, then lock_verdict, upgrade_report, the SBOM
// and the trace records. Pure: files, policy and index arrive as data; the CLI and the action
// are thin adapters over this function.
import { objectDigest, sha256 } from '../core/digest.js';
import { replayToken } from '../core/replay-token.js';
import { determinismProfileHash, operatorContractsRoot } from '../core/run-identity.js';
import { errorTraceRecord, type TraceRecord } from '../core/trace.js';
import { evaluateUpgrade, UPGRADE_OPERATOR, type UpgradeChangeRecord } from './evaluate-upgrade.js';
import { sortFindings, type LockCheck } from './finding.js';
import { LOCK_REPORT_VERSION, type LockReport } from './lock-report.js';
import type { ParsedLockfile } from './model.js';
import type { LockPolicy } from './policy.js';
import { buildSbom, serializeSbom, type SbomTool } from './sbom.js';
import { dependenciesLockHash, lockfileHash, runtimeEnvHash, toolchainHash, type Toolchain } from './toolchain.js';
import { VALIDATE_OPERATOR, validateLockfile } from './validate-lockfile.js';
import { VERIFY_OPERATOR, verifyArtifactHashes, type IndexedArtifact } from './verify-artifact-hashes.js';

export const LOCK_SPEC_VERSION = 'UML_OS.Implementation.DependencyLockPolicy_v1';
export const LOCK_OPERATORS = [VALIDATE_OPERATOR, VERIFY_OPERATOR, UPGRADE_OPERATOR].map((operator_id) => ({
  operator_id,
  version: 'v1',
}));

export interface LockVerifyInput {
  readonly lockfiles: ReadonlyArray<{ readonly bytes: Uint8Array; readonly parsed: ParsedLockfile }>;
  readonly policy: LockPolicy;
  readonly policy_hash: Uint8Array;
  /** Present when an artifact index was given. */
  readonly artifact_index?: readonly IndexedArtifact[];
  /** Base versions of the lockfiles, for the upgrade review; a lockfile new at the base has none. */
  readonly bases?: ReadonlyArray<{ readonly path: string; readonly parsed: ParsedLockfile }>;
  readonly toolchain: Toolchain;
  readonly platform: string;
  readonly arch: string;
  readonly mode: 'enforce' | 'warn';
  readonly tool: SbomTool;
}

export interface LockVerifyResult {
  readonly report: LockReport;
  readonly sbom: Uint8Array;
  readonly records: readonly TraceRecord[];
}

const CHECKS: readonly LockCheck[] = ['pinned', 'source', 'hash', 'strict'];
const SOURCE_CHECKS = new Set<LockCheck>(['source', 'host', 'https', 'action-pin', 'image-pin']);

function emptyLike(lock: ParsedLockfile): ParsedLockfile {
  return { ...lock, entries: [], indexes: [], roots: [] };
}

export function runLockVerify(input: LockVerifyInput): LockVerifyResult {
  const locks = input.lockfiles.map((l) => l.parsed);
  // A requirements file pulled in with -r/-c is checked when it is one of this run's files.
  const run = { paths: new Set(locks.map((l) => l.path)) };
  const validation = locks.flatMap((lock) => validateLockfile(lock, input.policy, run));
  const artifacts = input.artifact_index ? verifyArtifactHashes(locks, input.artifact_index) : undefined;
  const upgrades = input.bases
    ? locks.map((lock) =>
        evaluateUpgrade(input.bases!.find((b) => b.path === lock.path)?.parsed ?? emptyLike(lock), lock, input.policy),
      )
    : [];
  const findings = sortFindings([
    ...validation,
    ...(artifacts?.findings ?? []),
    ...upgrades.flatMap((u) => u.findings),
  ]);
  const errors = findings.filter((f) => f.severity === 'error');
  const hashMismatches = findings.filter(
    (f) => f.code === 'ARTIFACT_HASH_MISMATCH' || f.code === 'UPGRADE_HASH_CHANGED',
  ).length;
  const policyViolations = errors.length - hashMismatches;

  const lockfile_hash = lockfileHash(input.lockfiles.map((l) => ({ path: l.parsed.path, sha256: sha256(l.bytes) })));
  const toolchain_hash = toolchainHash(input.toolchain);
  const runtime_env_hash = runtimeEnvHash(input.platform, input.arch);
  const dependencies_lock_hash = dependenciesLockHash(lockfile_hash, toolchain_hash, runtime_env_hash);
  const replay_token = replayToken({
    spec_version: LOCK_SPEC_VERSION,
    policy_bundle_hash: input.policy_hash,
    runtime_env_hash,
    operator_contracts_root_hash: operatorContractsRoot(LOCK_OPERATORS),
    determinism_profile_hash: determinismProfileHash(),
    inputs_hash: objectDigest({
      lockfile_hash,
      toolchain_hash,
      mode: input.mode,
      artifact_index: input.artifact_index
        ? objectDigest(input.artifact_index.map((a) => [a.path, Object.entries(a.computed).sort().flat()]))
        : null,
      bases: input.bases ? input.bases.map((b) => [b.path, b.parsed.entries.length]) : null,
    }),
  });
  const sbomHashProperty = {
    name: 'rollgate:lockfile_hash',
    value: `sha256:${Buffer.from(lockfile_hash).toString('hex')}`,
  };
  const sbom = serializeSbom(buildSbom(locks, input.tool, [sbomHashProperty]));
  const changes: UpgradeChangeRecord[] = upgrades.flatMap((u) => u.changes);
  const verdict = errors.length === 0 ? 'pass' : 'fail';
  const report: LockReport = {
    report_version: LOCK_REPORT_VERSION,
    lock_verdict: verdict,
    completion_status: verdict === 'pass' ? 'success' : 'failed',
    mode: input.mode,
    packages_total: locks.reduce((n, l) => n + l.entries.length, 0),
    hash_mismatches: hashMismatches,
    policy_violations: policyViolations,
    lockfiles: input.lockfiles.map((l) => ({
      path: l.parsed.path,
      format: l.parsed.format,
      ecosystem: l.parsed.ecosystem,
      sha256: sha256(l.bytes),
      packages: l.parsed.entries.length,
    })),
    toolchain: input.toolchain,
    lockfile_hash,
    toolchain_hash,
    runtime_env_hash,
    dependencies_lock_hash,
    policy_hash: input.policy_hash,
    sbom_hash: sha256(sbom),
    replay_token,
    findings,
    artifacts: {
      checked: artifacts !== undefined,
      verified: artifacts?.verified ?? 0,
      missing: artifacts?.missing ?? 0,
      extra: artifacts?.extra ?? 0,
    },
    upgrade_report: { requested: input.bases !== undefined, allowed: upgrades.every((u) => u.allowed), changes },
    mismatch_summary: `${hashMismatches} hash mismatch(es), ${policyViolations} policy violation(s), ${findings.length - errors.length} warning(s)`,
  };
  return { report, sbom, records: traceRecords(report, locks, input) };
}

/** Document 004 section 7: run_header, one iter per (package, check), error records, run_end. */
function traceRecords(report: LockReport, locks: readonly ParsedLockfile[], input: LockVerifyInput): TraceRecord[] {
  const token = report.replay_token;
  const records: TraceRecord[] = [
    {
      record_type: 'run_header',
      t: 0,
      replay_token: token,
      lockfile_hash: report.lockfile_hash,
      policy_hash: report.policy_hash,
    },
  ];
  const firstCode = new Map<string, string>();
  for (const f of report.findings) {
    const check = SOURCE_CHECKS.has(f.check) ? 'source' : f.check;
    const key = `${f.file}\u0000${f.line}\u0000${f.package}\u0000${check}`;
    if (!firstCode.has(key)) firstCode.set(key, f.code);
  }
  const checks = [
    ...CHECKS,
    ...(input.artifact_index ? (['artifact'] as const) : []),
    ...(input.bases ? (['upgrade'] as const) : []),
  ];
  for (const lock of locks) {
    for (const entry of lock.entries) {
      for (const check of checks) {
        const result = firstCode.get(`${lock.path}\u0000${entry.line}\u0000${entry.name}\u0000${check}`) ?? 'pass';
        records.push({
          record_type: 'iter',
          t: records.length,
          replay_token: token,
          file: lock.path,
          package: entry.name,
          version: entry.version,
          check,
          result,
        });
      }
    }
  }
  for (const f of report.findings.filter((x) => x.severity === 'error')) {
    const failureOperator =
      f.check === 'artifact' ? VERIFY_OPERATOR : f.check === 'upgrade' ? UPGRADE_OPERATOR : VALIDATE_OPERATOR;
    records.push(
      errorTraceRecord(
        f.code,
        f.message,
        { t: records.length, failure_operator: failureOperator, replay_token: token },
        { file: f.file, line: f.line, package: f.package },
      ),
    );
  }
  records.push({
    record_type: 'run_end',
    t: records.length,
    replay_token: token,
    status: report.completion_status,
    mismatch_summary: report.mismatch_summary,
  });
  return records;
}
