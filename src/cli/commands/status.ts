// `rollgate status` and `rollgate health`: document 001's status and transport-health
// inspections of a state directory, as one text line or as JSON.
import type { Command } from 'commander';
import { RollgateError } from '../../core/errors.js';
import { stateDirSpec } from '../../specs/commands.js';
import { storeLayout } from '../../store/layout.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

async function loadState(stateDir: string) {
  const { readState } = await import('../../store/state-file.js');
  const state = await readState(stateDir);
  if (!state) throw new RollgateError('STATE_FILE_MISSING', `${storeLayout(stateDir).stateJson}: no such file`);
  return state;
}

export function registerStatus(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    stateDirSpec('status'),
    'deployment status: health, rollout_gate, rollout counts and the last reason codes (document 001)',
    run,
    async (flags) => {
      const state = await loadState(flags.stateDir);
      const { readEventsLog } = await import('../../store/state-file.js');
      const { statusLine, statusReport } = await import('../../runtime/status-inspect.js');
      const layout = storeLayout(flags.stateDir);
      const report = statusReport(
        state,
        { state_path: layout.stateJson, events_log_path: layout.eventsLog },
        await readEventsLog(flags.stateDir),
      );
      // rollgate's addition after document 001's fields: each environment's deployment history.
      const { environmentReports } = await import('../../runtime/environment-status.js');
      const environments = environmentReports(state);
      if (flags.json)
        printJson(deps.output, Object.keys(environments).length > 0 ? { ...report, environments } : report);
      else {
        deps.output.out(statusLine(report));
        for (const [name, e] of Object.entries(environments)) {
          const r = e.report;
          deps.output.out(
            `environment ${name}: ${r.completion_status}, ${r.deployments} deployment(s), rollout_success_rate=${r.rollout_success_rate ?? 'none'} mean_recovery_time_seconds=${r.mean_recovery_time_seconds ?? 'none'} incident_count=${r.incident_count}`,
          );
          for (const h of e.history)
            deps.output.out(
              `  ${h.at_utc} ${h.status} ${h.release_hash}${h.restored_release_hash ? ` (restored)` : ''}`,
            );
        }
      }
    },
  );
  specCommand(
    program,
    stateDirSpec('health'),
    'transport health row of the state directory (document 001)',
    run,
    async (flags) => {
      const state = await loadState(flags.stateDir);
      const { healthLine, healthRow } = await import('../../runtime/status-inspect.js');
      const rows = healthRow(state, storeLayout(flags.stateDir).stateJson);
      if (flags.json) printJson(deps.output, rows);
      else for (const row of rows) deps.output.out(healthLine(row));
    },
  );
}
