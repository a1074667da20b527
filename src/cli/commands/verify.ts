// `rollgate verify` (read-only) and `rollgate recover` (settles interrupted commits).
import type { Command } from 'commander';
import { stateDirSpec } from '../../specs/commands.js';
import type { OptionsOf } from '../../specs/spec.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

type StateDirOptions = OptionsOf<ReturnType<typeof stateDirSpec>>;

export function registerVerify(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    stateDirSpec('verify'),
    'recompute every object hash, WAL chain, commit pointer and step-head chain; exit 1 on any error',
    run,
    (options) => verify(options, deps),
  );
  specCommand(
    program,
    stateDirSpec('recover'),
    'settle interrupted commits: cut torn WAL tails, publish finalized pointers, roll back the rest; a damaged run is reported, not written',
    run,
    (options) => recover(options, deps),
  );
}

async function verify(options: StateDirOptions, deps: CliDeps): Promise<number> {
  const { ObjectStore } = await import('../../store/object-store.js');
  const { verifyStore } = await import('../../store/verify-store.js');
  const report = await verifyStore(new ObjectStore(options.stateDir));
  if (options.json) printJson(deps.output, report);
  else {
    for (const f of report.findings) deps.output.out(`${f.severity} ${f.code} ${f.subject}: ${f.message}`);
    deps.output.out(
      `${report.ok ? 'ok' : 'FAILED'}: ${report.objects_checked} objects, ${report.runs_checked} runs, ${report.pointers_checked} pointers, ${report.step_heads_checked} step heads checked in ${report.state_dir}`,
    );
  }
  return report.ok ? 0 : EXIT_USER;
}

/** Exit 1 when a run is damaged (nothing of it was written); a busy run is left to its holder. */
async function recover(options: StateDirOptions, deps: CliDeps): Promise<number> {
  const { ObjectStore } = await import('../../store/object-store.js');
  const { recoverStore } = await import('../../store/recovery.js');
  const reports = await recoverStore(new ObjectStore(options.stateDir));
  if (options.json) printJson(deps.output, reports);
  else
    for (const r of reports) {
      const detail =
        r.action === 'failed'
          ? ` ${r.code}: ${r.detail} (nothing was written)`
          : r.action === 'busy'
            ? `: locked by ${r.detail}`
            : '';
      deps.output.out(`${r.run_id}: ${r.action}${r.torn_tail_cut ? ' (torn WAL tail cut)' : ''}${detail}`);
    }
  return reports.some((r) => r.action === 'failed') ? EXIT_USER : 0;
}
