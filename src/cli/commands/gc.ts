// `rollgate gc`: retention-class garbage collection of the state store, with pins.
import type { Command } from 'commander';
import { gcSpec } from '../../specs/commands.js';
import { readTextRequired } from '../../util/read-text.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerGc(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    gcSpec,
    'sweep objects no certified run, golden pin or young run reaches; every deletion goes to the hash-chained gc/log.jsonl',
    run,
    async (flags) => {
      const { ObjectStore } = await import('../../store/object-store.js');
      const { collectGarbage, setPin } = await import('../../store/gc.js');
      const store = new ObjectStore(flags.stateDir);
      if (flags.pin || flags.unpin) {
        const pins = await setPin(store, (flags.pin ?? flags.unpin)!, flags.pin !== undefined, deps.now());
        if (flags.json) printJson(deps.output, { pins: pins.map((p) => p.digest) });
        else deps.output.out(`golden pins: ${pins.length === 0 ? 'none' : pins.map((p) => p.digest).join(', ')}`);
        return;
      }
      const { parseRetentionPolicy } = await import('../../store/retention.js');
      const { loadConfigFile } = await import('../../providers/config-file.js');
      const policy = flags.retention
        ? parseRetentionPolicy(
            await readTextRequired(flags.retention, 'retention', 'retention policy'),
            flags.retention,
          )
        : (await loadConfigFile(flags.config)).retention;
      const report = await collectGarbage(store, policy, deps.now(), flags.dryRun === true);
      if (flags.json) printJson(deps.output, report);
      else {
        for (const p of report.expired_pins)
          deps.output.out(`${report.dry_run ? 'would unpin' : 'unpinned'} ${p.digest}: ${p.reason}`);
        for (const r of report.expired_runs)
          deps.output.out(`${report.dry_run ? 'would expire' : 'expired'} run ${r.run_id}: ${r.reason}`);
        for (const d of report.swept)
          deps.output.out(`${report.dry_run ? 'would sweep' : 'swept'} ${d.digest} (${d.class}): ${d.reason}`);
        deps.output.out(
          `gc${report.dry_run ? ' (dry run)' : ''}: ${report.marked} objects kept by ${report.roots.golden} golden pins, ${report.roots.certified_release} certified and ${report.roots.experimental} experimental runs; ${report.swept.length} swept; ${report.kept_young_unreachable} unreachable kept inside the grace period`,
        );
        if (!report.dry_run) deps.output.out(`log: ${report.log_path} (hash-chained)`);
      }
    },
  );
}
