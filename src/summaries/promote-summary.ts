// The promote job summary: the certificate's payload and every EvidenceValidate comparison and
// check, so a reviewer sees what the signature covers and that each hash was recomputed equal.
import { formatDigest } from '../core/digest.js';
import type { PromoteResult } from '../jobs/promote-job.js';
import { table } from '../action-shell/markdown-table.js';

export function promoteSummary(result: PromoteResult): string {
  const p = result.certificate.signed_payload;
  const report = result.evidence_report;
  return [
    `## ${report.verdict === 'pass' ? '✅' : '❌'} rollgate promote (${p.environment}): ${report.verdict}\n`,
    table(
      ['environment', 'release_hash', 'certificate_hash', 'signed by', 'valid'],
      [
        [
          p.environment,
          { code: formatDigest(p.release_hash) },
          { code: formatDigest(result.certificate_hash) },
          { code: result.certificate.key_id },
          `${p.verification_time_utc} to ${p.valid_until_utc}`,
        ],
      ],
    ),
    '### EvidenceValidate: every bound value, recomputed\n',
    table(
      ['field', 'certificate', 'recomputed', 'equal'],
      report.comparisons.map((c) => [c.field, { code: c.certificate }, { code: c.expected }, c.equal ? 'yes' : 'NO']),
    ),
    table(
      ['check', 'result', 'codes', 'details'],
      report.checks.map((c) => [c.check, c.result, c.codes.join(', ') || '–', c.details.join('; ')]),
    ),
    table(
      ['bound to the job', 'OIDC environment', 'repository', 'workflow'],
      [
        result.claims
          ? [
              'yes (OIDC claims recorded)',
              result.claims.environment ?? '–',
              result.claims.repository,
              result.claims.job_workflow_ref,
            ]
          : ['no (no id-token: write)', '–', '–', '–'],
      ],
    ),
    table(
      ['run committed', 'deployment', 'state'],
      [
        [
          result.commit ? 'yes (last environment)' : 'no (not the last environment)',
          result.deployment_id === null ? 'not recorded (no github-token)' : String(result.deployment_id),
          { code: formatDigest(result.head_hash) },
        ],
      ],
    ),
  ].join('\n');
}
