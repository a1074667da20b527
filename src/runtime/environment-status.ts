// Each environment's deployment history with its deployment report, for `rollgate status`.
import { deploymentReport, type DeploymentReport } from './deployment-report.js';
import { deploymentHistory, type DeploymentEntry } from './deployment-history.js';
import type { StateDocument } from '../store/state-document.js';

export function environmentReports(
  state: StateDocument,
): Record<string, { history: readonly DeploymentEntry[]; report: DeploymentReport }> {
  const environments = state.environments;
  if (typeof environments !== 'object' || environments === null) return {};
  const out: Record<string, { history: readonly DeploymentEntry[]; report: DeploymentReport }> = {};
  for (const name of Object.keys(environments).sort()) {
    const history = deploymentHistory(state, name);
    if (history.length > 0) out[name] = { history, report: deploymentReport(name, history) };
  }
  return out;
}
