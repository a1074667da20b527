// The deployment report (DESIGN 8.4): an environment's completion status and its metrics over
// its history: rollout_success_rate (successful promotions over promotions attempted),
// mean_recovery_time (seconds from a failed rollout to the rollback that restored service,
// averaged) and incident_count (rollbacks). Pure: the history arrives as data.
import type { DeploymentEntry, DeploymentOutcome } from './deployment-history.js';
import { parseUtc } from '../core/utc-time.js';

export interface DeploymentReport {
  readonly report_version: 'rollgate.deployment-report/v1';
  readonly environment: string;
  readonly completion_status: DeploymentOutcome | 'none';
  readonly deployments: number;
  readonly rollout_success_rate: number | null;
  readonly mean_recovery_time_seconds: number | null;
  readonly incident_count: number;
}

export function deploymentReport(environment: string, history: readonly DeploymentEntry[]): DeploymentReport {
  const attempts = history.filter((e) => e.status !== 'rolled_back');
  const successes = attempts.filter((e) => e.status === 'success').length;
  const recoveries: number[] = [];
  history.forEach((entry, i) => {
    if (entry.status !== 'rolled_back') return;
    const failure = [...history.slice(0, i)].reverse().find((e) => e.status === 'failed');
    if (failure) recoveries.push(parseUtc(entry.at_utc) - parseUtc(failure.at_utc));
  });
  return {
    report_version: 'rollgate.deployment-report/v1',
    environment,
    completion_status: history.at(-1)?.status ?? 'none',
    deployments: attempts.length,
    rollout_success_rate: attempts.length === 0 ? null : successes / attempts.length,
    mean_recovery_time_seconds:
      recoveries.length === 0 ? null : recoveries.reduce((a, b) => a + b, 0) / recoveries.length,
    incident_count: history.filter((e) => e.status === 'rolled_back').length,
  };
}
