// The lock-verify job summary: the verdict, the metrics, every bound hash, the findings and
// the upgrade review, as a reviewer reads them before approving.
import { formatDigest } from '../core/digest.js';
import { limitedTable, table } from '../action-shell/markdown-table.js';
import { markdownText } from '../action-shell/untrusted-text.js';
import type { LockReport } from '../lock/lock-report.js';

const MAX_ROWS = 200;

export function lockVerifySummary(report: LockReport, stateHead: string): string {
  const icon = report.lock_verdict === 'pass' ? '✅' : '❌';
  const parts = [
    `## ${icon} rollgate lock-verify: ${report.lock_verdict}${report.mode === 'warn' ? ' (warn mode: the step does not fail)' : ''}\n`,
    table(
      ['packages_total', 'hash_mismatches', 'policy_violations', 'lockfiles'],
      [[report.packages_total, report.hash_mismatches, report.policy_violations, report.lockfiles.length]],
    ),
    '### Lockfiles\n',
    table(
      ['file', 'format', 'packages', 'sha256'],
      report.lockfiles.map((l) => [l.path, l.format, l.packages, { code: formatDigest(l.sha256) }]),
    ),
    '### Bound hashes\n',
    table(
      ['hash', 'value'],
      [
        ['lockfile_hash', { code: formatDigest(report.lockfile_hash) }],
        ['toolchain_hash', { code: formatDigest(report.toolchain_hash) }],
        ['runtime_env_hash', { code: formatDigest(report.runtime_env_hash) }],
        ['dependencies_lock_hash', { code: formatDigest(report.dependencies_lock_hash) }],
        ['policy_hash', { code: formatDigest(report.policy_hash) }],
        ['sbom_hash', { code: formatDigest(report.sbom_hash) }],
        ['replay_token', { code: formatDigest(report.replay_token) }],
        ['state', { code: stateHead }],
      ],
    ),
    `Toolchain: python_version ${markdownText(report.toolchain.python_version)}, pip_version ${markdownText(report.toolchain.pip_version)}, installer_version ${markdownText(report.toolchain.installer_version)}.\n`,
  ];
  if (report.artifacts.checked) {
    parts.push(
      '### Artifact hashes\n',
      table(
        ['verified', 'hash_mismatches', 'missing', 'extra'],
        [[report.artifacts.verified, report.hash_mismatches, report.artifacts.missing, report.artifacts.extra]],
      ),
    );
  }
  parts.push(`### Findings (${report.findings.length})\n`);
  parts.push(
    report.findings.length === 0
      ? 'None: every entry is pinned, hashed and from an allowed source.\n'
      : limitedTable(
          ['severity', 'code', 'file', 'line', 'package', 'finding'],
          report.findings.map((f) => [f.severity, { code: f.code }, f.file, f.line, f.package, f.message]),
          MAX_ROWS,
          'findings',
        ),
  );
  if (report.upgrade_report.requested) {
    parts.push(`### Upgrade review (${report.upgrade_report.allowed ? 'allowed' : 'has disallowed changes'})\n`);
    parts.push(
      report.upgrade_report.changes.length === 0
        ? 'No dependency changed.\n'
        : limitedTable(
            ['package', 'change', 'from', 'to', 'risk', 'allowed'],
            report.upgrade_report.changes.map((c) => [
              c.package,
              c.change,
              c.from ?? '',
              c.to ?? '',
              c.risk,
              c.allowed ? 'yes' : 'no',
            ]),
            MAX_ROWS,
            'changes',
          ),
    );
  }
  return parts.join('\n');
}
