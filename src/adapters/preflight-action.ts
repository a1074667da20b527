// The preflight action: inputs read once, the job at the wall clock's instant (recorded in the
// report), every check in the summary with its codes and details.
import { join } from 'node:path';
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { DEFAULT_CONFIG_PATH } from '../config/paths.js';
import type { ActionDefinition, RawInputs } from '../github/action-runtime.js';
import { table } from '../github/markdown-table.js';
import { DEFAULT_STATE_DIR } from '../store/layout.js';

interface PreflightInputs {
  readonly manifest: string;
  readonly trustStore?: string;
  readonly revocations?: string;
  readonly artifactDir: string;
  readonly config: string;
  readonly environment: string;
  readonly state?: Uint8Array;
  readonly stateDir: string;
}

export const preflightAction: ActionDefinition<PreflightInputs> = {
  name: 'preflight',
  state: { dir: (i) => i.stateDir, heads: (i) => (i.state ? [i.state] : []) },
  inputs: [
    { name: 'manifest' },
    { name: 'trust-store' },
    { name: 'revocations' },
    { name: 'artifact-dir' },
    { name: 'config' },
    { name: 'environment' },
    { name: 'state' },
    { name: 'state-dir' },
  ],
  parseInputs(raw: RawInputs): PreflightInputs {
    if (!raw.manifest)
      throw new RollgateError('INPUT_INVALID', 'input manifest is required (the release.json of the package step)');
    return {
      manifest: raw.manifest,
      ...(raw['trust-store'] ? { trustStore: raw['trust-store'] } : {}),
      ...(raw.revocations ? { revocations: raw.revocations } : {}),
      artifactDir: raw['artifact-dir'] ?? '.',
      config: raw.config ?? DEFAULT_CONFIG_PATH,
      environment: raw.environment ?? 'staging',
      ...(raw.state ? { state: parseDigest(raw.state, 'input state') } : {}),
      stateDir: raw['state-dir'] ?? DEFAULT_STATE_DIR,
    };
  },
  async run(inputs, context) {
    const { preflightJob } = await import('../jobs/preflight-job.js');
    const result = await preflightJob({
      workspace: context.env.GITHUB_WORKSPACE ?? process.cwd(),
      releasePath: inputs.manifest,
      artifactDir: inputs.artifactDir,
      configPath: inputs.config,
      ...(inputs.trustStore ? { trustStorePath: inputs.trustStore } : {}),
      ...(inputs.revocations ? { revocationsPath: inputs.revocations } : {}),
      environment: inputs.environment,
      stateDir: inputs.stateDir,
      ...(inputs.state ? { parent: inputs.state } : {}),
      at: context.now(),
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
