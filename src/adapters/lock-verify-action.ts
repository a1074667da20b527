// The lock-verify action: inputs of actions/lock-verify/action.yml, read once into a typed
// object; the job; outputs, summary and annotations.
import { formatDigest, parseDigest } from '../core/digest.js';
import { choiceInput, listInput, type ActionDefinition, type RawInputs } from '../github/action-runtime.js';
import type { Annotation } from '../github/runner.js';
import type { LockVerifyOptions } from '../jobs/lock-verify-job.js';
import { DEFAULT_STATE_DIR } from '../store/layout.js';
import { RollgateError } from '../core/errors.js';
import { lockVerifySummary } from './lock-verify-summary.js';

const MAX_ANNOTATIONS = 50;

export type LockVerifyInputs = Omit<LockVerifyOptions, 'platform' | 'arch' | 'workspace'>;

export const lockVerifyAction: ActionDefinition<LockVerifyInputs> = {
  name: 'lock-verify',
  state: { dir: (i) => i.stateDir, heads: (i) => (i.parent ? [i.parent] : []) },
  inputs: [
    { name: 'lockfiles' },
    { name: 'policy' },
    { name: 'artifact-index' },
    { name: 'base-ref' },
    { name: 'mode' },
    { name: 'state-dir' },
    { name: 'sbom-path' },
    { name: 'state' },
    { name: 'python-version' },
    { name: 'pip-version' },
    { name: 'installer-version' },
  ],
  parseInputs(raw: RawInputs): LockVerifyInputs {
    const lockfiles = listInput(raw, 'lockfiles');
    if (lockfiles.length === 0)
      throw new RollgateError('INPUT_INVALID', 'input lockfiles: give at least one lockfile path or glob');
    const state = raw.state;
    return {
      lockfiles,
      ...(raw.policy ? { policy: raw.policy } : {}),
      ...(raw['artifact-index'] ? { artifactIndex: raw['artifact-index'] } : {}),
      ...(raw['base-ref'] ? { baseRef: raw['base-ref'] } : {}),
      mode: choiceInput(raw, 'mode', ['enforce', 'warn'] as const) ?? 'enforce',
      stateDir: raw['state-dir'] ?? DEFAULT_STATE_DIR,
      ...(raw['sbom-path'] ? { sbomPath: raw['sbom-path'] } : {}),
      ...(state ? { parent: parseDigest(state, 'input state') } : {}),
      toolchain: {
        ...(raw['python-version'] ? { python_version: raw['python-version'] } : {}),
        ...(raw['pip-version'] ? { pip_version: raw['pip-version'] } : {}),
        ...(raw['installer-version'] ? { installer_version: raw['installer-version'] } : {}),
      },
    };
  },
  async run(inputs, context) {
    const workspace = context.env.GITHUB_WORKSPACE ?? process.cwd();
    const runId = context.env.GITHUB_RUN_ID
      ? `gh-${context.env.GITHUB_RUN_ID}-${context.env.GITHUB_RUN_ATTEMPT ?? '1'}`
      : undefined;
    const { lockVerifyJob } = await import('../jobs/lock-verify-job.js');
    const result = await lockVerifyJob({
      ...inputs,
      workspace,
      ...(runId ? { runId } : {}),
      platform: process.platform,
      arch: process.arch,
    });
    const { report } = result;
    const errors = report.findings.filter((f) => f.severity === 'error');
    const annotations: Annotation[] = report.findings.slice(0, MAX_ANNOTATIONS).map((f) => ({
      level: f.severity === 'error' ? (inputs.mode === 'warn' ? 'warning' : 'error') : 'warning',
      title: `${f.code}: ${f.package}`,
      message: f.message,
      file: f.file,
      ...(f.line > 0 ? { line: f.line } : {}),
    }));
    context.runner.info(
      'rollgate lock-verify: ',
      `${report.lock_verdict} (${report.packages_total} packages, ${report.hash_mismatches} hash mismatches, ${report.policy_violations} policy violations)`,
    );
    return {
      outputs: {
        verdict: report.lock_verdict,
        'report-hash': formatDigest(result.report_hash),
        'sbom-hash': formatDigest(report.sbom_hash),
        'lockfile-hash': formatDigest(report.lockfile_hash),
        'toolchain-hash': formatDigest(report.toolchain_hash),
        'packages-total': String(report.packages_total),
        'hash-mismatches': String(report.hash_mismatches),
        'policy-violations': String(report.policy_violations),
        'sbom-path': result.sbom_path,
        state: formatDigest(result.head_hash),
      },
      summary: lockVerifySummary(report, formatDigest(result.head_hash)),
      annotations,
      ...(errors.length > 0 && inputs.mode === 'enforce'
        ? { failure: `lock verification failed: ${report.mismatch_summary}` }
        : {}),
    };
  },
};
