// `rollgate bundle export|import`: the state bundle that carries a run between jobs.
import type { Command } from 'commander';
import { formatDigest } from '../../core/digest.js';
import { bundleExportSpec, bundleImportSpec } from '../../specs/commands.js';
import { checkOutputPath } from '../../store/output-file.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerBundle(program: Command, deps: CliDeps, run: RunCommand): void {
  const bundle = program.command('bundle').description('export or import the state bundle of a step head');
  specCommand(
    bundle,
    bundleExportSpec,
    'write HEAD and every object reachable from it into one deterministic tar',
    run,
    async (flags) => {
      const { ObjectStore } = await import('../../store/object-store.js');
      const { exportBundle } = await import('../../store/bundle.js');
      await checkOutputPath({ path: flags.out, flag: '--out', stateDir: flags.stateDir, force: flags.force === true });
      const s = await exportBundle(new ObjectStore(flags.stateDir), flags.head, flags.out);
      if (flags.json) printJson(deps.output, { ...s, path: flags.out });
      else
        deps.output.out(
          `exported ${formatDigest(s.head)}: ${s.objects} objects, ${s.bytes} bytes, ${formatDigest(s.bundle_hash)} → ${flags.out}`,
        );
    },
    'export',
  );
  specCommand(
    bundle,
    bundleImportSpec,
    'verify a bundle completely, then add its objects to the store (nothing is written if any check fails)',
    run,
    async (flags) => {
      const { ObjectStore } = await import('../../store/object-store.js');
      const { importBundle } = await import('../../store/bundle.js');
      const r = await importBundle(new ObjectStore(flags.stateDir), flags.in, {
        ...(flags.expectHead ? { expectedHead: flags.expectHead } : {}),
        ...(flags.maxBytes ? { maxBytes: flags.maxBytes } : {}),
      });
      if (flags.json) printJson(deps.output, r);
      else deps.output.out(`imported ${formatDigest(r.head)}: ${r.objects} objects verified`);
    },
    'import',
  );
}
