// The preflight action: inputs read once, the job at the wall clock's instant (recorded in the
// report), every check in the summary with its codes and details. With github-token the
// environment's checkpoint is read from its GitHub deployments (the client loads only then).
import { join } from 'node:path';
import { formatDigest } from '../core/digest.js';
import { actionWorkspace, type ActionDefinition } from '../action-shell/action-runtime.js';
import { table } from '../action-shell/markdown-table.js';
import { preflightSpec, type PreflightSpecOptions } from '../specs/preflight.js';
import { actionInputs } from '../specs/spec.js';

export const preflightAction: ActionDefinition<PreflightSpecOptions> = {
  name: 'preflight',
  state: { dir: (i) => i.stateDir, heads: (i) => (i.state ? [i.state] : []) },
  inputs: actionInputs(preflightSpec),
  parseInputs: (raw) => preflightSpec.parse(raw, 'action'),
  async run(inputs, context) {
    const { preflightJob } = await import('../jobs/preflight-job.js');
    // The client loads only with a token: where a fresh checkout finds the environment's checkpoint.
    const deployments = inputs.githubToken
      ? (await (await import('../github/workflow-run.js')).workflowRun(inputs.githubToken, context.env)).deployments
      : undefined;
    const result = await preflightJob({
      workspace: actionWorkspace(context),
      releasePath: inputs.manifest,
      artifactDir: inputs.artifactDir,
      configPath: inputs.config,
      ...(inputs.trustStore ? { trustStorePath: inputs.trustStore } : {}),
      ...(inputs.revocations ? { revocationsPath: inputs.revocations } : {}),
      environment: inputs.environment,
      stateDir: inputs.stateDir,
      ...(inputs.state ? { parent: inputs.state } : {}),
      at: context.now(),
      host: context.host,
      ...(deployments ? { deployments } : {}),
    });
    const { report } = result;
    const icon = report.verdict === 'pass' ? '✅' : '❌';
    const summary = [
      `## ${icon} rollgate preflight: ${report.verdict}\n`,
      table(
        ['release', 'release_hash', 'environment', 'verified at'],
        [
          [
            report.release_id,
            { code: formatDigest(report.release_hash) },
            inputs.environment,
            report.verification_time_utc,
          ],
        ],
      ),
      '### Checks\n',
      table(
        ['check', 'result', 'codes', 'details'],
        report.checks.map((c) => [c.check, c.result, c.codes.join(', ') || '–', c.details.join('; ')]),
      ),
      '### Signatures\n',
      report.signature_report.signatures.length === 0
        ? 'No signatures.\n'
        : table(
            ['key_id', 'counted', 'reasons'],
            report.signature_report.signatures.map((s) => [
              { code: s.key_id },
              s.counted ? 'yes' : 'no',
              s.reasons.join('; ') || '–',
            ]),
          ),
      table(
        ['preflight report', 'state'],
        [[{ code: formatDigest(result.report_hash) }, { code: formatDigest(result.head_hash) }]],
      ),
    ].join('\n');
    return {
      outputs: {
        verdict: report.verdict,
        'preflight-hash': formatDigest(result.report_hash),
        'release-hash': formatDigest(report.release_hash),
        state: formatDigest(result.head_hash),
      },
      summary,
      annotations: report.checks
        .filter((c) => c.result === 'fail')
        .map((c) => ({
          level: 'error' as const,
          title: `preflight ${c.check}: ${c.codes.join(', ')}`,
          message: c.details.join('\n'),
          // An artifact at fault is a file of the workspace: the annotation points at it.
          ...(c.check === 'artifacts' && c.details.length === 1
            ? { file: join(inputs.artifactDir, c.details[0]!.split(': ')[0]!) }
            : {}),
        })),
      ...(report.verdict === 'fail'
        ? {
            failure: `preflight failed: ${report.checks
              .filter((c) => c.result === 'fail')
              .map((c) => c.check)
              .join(', ')}`,
          }
        : {}),
    };
  },
};
