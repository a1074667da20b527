// The lock-verify action: inputs of actions/lock-verify/action.yml, read once into a typed
// object; the job; outputs, summary and annotations.
import { formatDigest } from '../core/digest.js';
import { actionWorkspace, type ActionDefinition } from '../action-shell/action-runtime.js';
import type { Annotation } from '../action-shell/runner.js';
import { lockVerifySpec, type LockVerifySpecOptions } from '../specs/lock-verify.js';
import { actionInputs } from '../specs/spec.js';
import { lockVerifySummary } from '../summaries/lock-verify-summary.js';

const MAX_ANNOTATIONS = 50;

export const lockVerifyAction: ActionDefinition<LockVerifySpecOptions> = {
  name: 'lock-verify',
  state: { dir: (i) => i.stateDir, heads: (i) => (i.parent ? [i.parent] : []) },
  inputs: actionInputs(lockVerifySpec),
  parseInputs: (raw) => lockVerifySpec.parse(raw, 'action'),
  async run(inputs, context) {
    const workspace = actionWorkspace(context);
    const runId = context.env.GITHUB_RUN_ID
      ? `gh-${context.env.GITHUB_RUN_ID}-${context.env.GITHUB_RUN_ATTEMPT ?? '1'}`
      : undefined;
    const { lockVerifyJob } = await import('../jobs/lock-verify-job.js');
    // The spec's options are the job's (run-id is the CLI's; an action's comes from the run).
    const result = await lockVerifyJob({ ...inputs, workspace, ...(runId ? { runId } : {}), host: context.host });
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
