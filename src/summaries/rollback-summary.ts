// The rollback job summary: what was rolled back to what and why, the deploy command, the
// health re-check against every threshold, and the environment's deployment report.
import { formatDigest } from '../core/digest.js';
import type { RollbackResult } from '../jobs/rollback-job.js';
import { table } from '../action-shell/markdown-table.js';
import { fencedBlock } from '../action-shell/untrusted-text.js';
import { gateRows } from './rollout-summary.js';

export function rollbackSummary(result: RollbackResult): string {
  const r = result.report;
  const d = result.deployment_report;
  return [
    `## ${r.verdict === 'restored' ? '✅' : '❌'} rollgate rollback (${r.environment}): ${r.verdict}\n`,
    table(
      ['rolled back', 'restored', 'found in', 'reason'],
      [[{ code: r.failed_release_hash }, { code: r.restored_release_hash }, r.restored_from, r.reason]],
    ),
    table(['deploy command', 'exit code'], [[{ code: r.deploy.command }, r.deploy.exit_code]]),
    r.deploy.stdout ? `stdout:\n\n${fencedBlock(r.deploy.stdout)}` : '',
    '### Health after the rollback (EvaluateHealthGates_v1)\n',
    table(['gate', 'value', 'comparison', 'threshold', 'result', 'reason'], gateRows(result.gate_report.gates)),
    '### Deployment report\n',
    table(
      ['completion', 'deployments', 'rollout_success_rate', 'mean_recovery_time', 'incident_count'],
      [
        [
          d.completion_status,
          d.deployments,
          d.rollout_success_rate === null ? '–' : String(d.rollout_success_rate),
          d.mean_recovery_time_seconds === null ? '–' : `${d.mean_recovery_time_seconds} s`,
          d.incident_count,
        ],
      ],
    ),
    table(
      ['rollback report', 'metrics snapshot', 'state'],
      [
        [
          { code: formatDigest(result.report_hash) },
          { code: formatDigest(r.metrics_snapshot_hash) },
          result.head_hash ? { code: formatDigest(result.head_hash) } : '–',
        ],
      ],
    ),
  ]
    .filter((part) => part !== '')
    .join('\n');
}
