// The lock verification report (document 004 sections 0.I and 7): lock_verdict, the metrics
// packages_total / hash_mismatches / policy_violations, every finding with code, file and
// line, the bound hashes, and the upgrade report when one was asked for. A canonical CBOR
// value: its ObjectDigest is `report-hash`.
import type { LockFinding } from './finding.js';
import type { LockFormat, Ecosystem } from './model.js';
import type { Toolchain } from './toolchain.js';
import type { UpgradeChangeRecord } from './evaluate-upgrade.js';

export const LOCK_REPORT_VERSION = 'rollgate.lock-report/v1';

export interface LockfileSummary {
  readonly path: string;
  readonly format: LockFormat;
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
