// The lock verification report (document 004 sections 0.I and 7): lock_verdict, the metrics
// packages_total / hash_mismatches / policy_violations, every finding with code, file and
// line, the bound hashes, and the upgrade report when one was asked for. A canonical CBOR
// value: its ObjectDigest is `report-hash`.
import { Type } from '@sinclair/typebox';
import {
  Count,
  Digest32,
  ErrorCodeSchema,
  evidenceReader,
  Exact,
  OneOf,
  type EvidenceReader,
} from '../core/evidence-reader.js';
import { RISKS, type UpgradeChangeRecord } from './evaluate-upgrade.js';
import { LOCK_CHECKS, type LockFinding } from './finding.js';
import { ECOSYSTEMS, INPUT_FORMATS, type Ecosystem, type InputFormat } from './model.js';
import { UPGRADE_CHANGES } from './policy.js';
import type { Toolchain } from './toolchain.js';

export const LOCK_REPORT_VERSION = 'rollgate.lock-report/v1';

export interface LockfileSummary {
  readonly path: string;
  readonly format: InputFormat;
  readonly ecosystem: Ecosystem;
  readonly sha256: Uint8Array;
  readonly packages: number;
}

export interface LockReport {
  readonly report_version: typeof LOCK_REPORT_VERSION;
  readonly lock_verdict: 'pass' | 'fail';
  readonly completion_status: 'success' | 'failed';
  readonly mode: 'enforce' | 'warn';
  readonly packages_total: number;
  readonly hash_mismatches: number;
  readonly policy_violations: number;
  readonly lockfiles: readonly LockfileSummary[];
  readonly toolchain: Toolchain;
  readonly lockfile_hash: Uint8Array;
  readonly toolchain_hash: Uint8Array;
  readonly runtime_env_hash: Uint8Array;
  readonly dependencies_lock_hash: Uint8Array;
  readonly policy_hash: Uint8Array;
  readonly sbom_hash: Uint8Array;
  readonly replay_token: Uint8Array;
  readonly findings: readonly LockFinding[];
  readonly artifacts: {
    readonly checked: boolean;
    readonly verified: number;
    readonly missing: number;
    readonly extra: number;
  };
  readonly upgrade_report: {
    readonly requested: boolean;
    readonly allowed: boolean;
    readonly changes: readonly UpgradeChangeRecord[];
  };
  readonly mismatch_summary: string;
}

const Text = Type.String();
const NullableText = Type.Union([Text, Type.Null()]);

export const LockReportSchema = Exact({
  report_version: Type.Literal(LOCK_REPORT_VERSION),
  lock_verdict: OneOf(['pass', 'fail']),
  completion_status: OneOf(['success', 'failed']),
  mode: OneOf(['enforce', 'warn']),
  packages_total: Count,
  hash_mismatches: Count,
  policy_violations: Count,
  lockfiles: Type.Array(
    Exact({
      path: Text,
      format: OneOf(INPUT_FORMATS),
      ecosystem: OneOf(ECOSYSTEMS),
      sha256: Digest32,
      packages: Count,
    }),
  ),
  toolchain: Exact({ python_version: Text, pip_version: Text, installer_version: Text }),
  lockfile_hash: Digest32,
  toolchain_hash: Digest32,
  runtime_env_hash: Digest32,
  dependencies_lock_hash: Digest32,
  policy_hash: Digest32,
  sbom_hash: Digest32,
  replay_token: Digest32,
  findings: Type.Array(
    Exact({
      code: ErrorCodeSchema,
      severity: OneOf(['error', 'warning']),
      check: OneOf(LOCK_CHECKS),
      file: Text,
      line: Count,
      package: Text,
      version: NullableText,
      message: Text,
    }),
  ),
  artifacts: Exact({ checked: Type.Boolean(), verified: Count, missing: Count, extra: Count }),
  upgrade_report: Exact({
    requested: Type.Boolean(),
    allowed: Type.Boolean(),
    changes: Type.Array(
      Exact({
        package: Text,
        change: OneOf(UPGRADE_CHANGES),
        from: NullableText,
        to: NullableText,
        risk: OneOf(RISKS),
        allowed: Type.Boolean(),
        line: Count,
        detail: Text,
      }),
    ),
  }),
  mismatch_summary: Text,
});

/** The reader of stored lock reports (evidence type `lock_report`, written by lock-verify). */
export const lockReportReader: EvidenceReader<LockReport> = evidenceReader('lock_report', LockReportSchema);
