// `rollgate bundle export|import`: the state bundle that carries a run between jobs.
import type { Command } from 'commander';
import { formatDigest, parseDigest } from '../../core/digest.js';
import { DEFAULT_STATE_DIR } from '../../store/layout.js';
import { FORCE_HELP, checkOutputPath } from '../../store/output-file.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

export function registerBundle(program: Command, deps: CliDeps, run: RunCommand): void {
  const bundle = program.command('bundle').description('export or import the state bundle of a step head');
  bundle
    .command('export')
    .description('write HEAD and every object reachable from it into one deterministic tar')
    .requiredOption('--head <sha256>', 'the step head (a `state` output)')
    .requiredOption('--out <file>', 'bundle file to write (an existing one only with --force)')
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--force', FORCE_HELP)
    .option('--json', 'print one JSON document')
    .action((flags: { head: string; out: string; stateDir: string; force?: boolean; json?: boolean }) =>
      run(async () => {
        const { ObjectStore } = await import('../../store/object-store.js');
        const { exportBundle } = await import('../../store/bundle.js');
        const head = parseDigest(flags.head, '--head');
        await checkOutputPath({
          path: flags.out,
          flag: '--out',
          stateDir: flags.stateDir,
          force: flags.force === true,
        });
        const s = await exportBundle(new ObjectStore(flags.stateDir), head, flags.out);
        if (flags.json) printJson(deps.output, { ...s, path: flags.out });
        else
          deps.output.out(
            `exported ${formatDigest(s.head)}: ${s.objects} objects, ${s.bytes} bytes, ${formatDigest(s.bundle_hash)} → ${flags.out}`,
          );
      }),
    );
  bundle
    .command('import')
    .description(
      'verify a bundle completely, then add its objects to the store (nothing is written if any check fails)',
    )
    .requiredOption('--in <file>', 'bundle file to read')
    .option('--expect-head <sha256>', 'refuse a bundle whose HEAD differs')
    .option('--max-bytes <n>', 'refuse bundles larger than this', positiveInteger)
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--json', 'print one JSON document')
    .action((flags: { in: string; expectHead?: string; maxBytes?: number; stateDir: string; json?: boolean }) =>
      run(async () => {
        const { ObjectStore } = await import('../../store/object-store.js');
        const { importBundle } = await import('../../store/bundle.js');
        const r = await importBundle(new ObjectStore(flags.stateDir), flags.in, {
          ...(flags.expectHead ? { expectedHead: parseDigest(flags.expectHead, '--expect-head') } : {}),
          ...(flags.maxBytes ? { maxBytes: flags.maxBytes } : {}),
        });
        if (flags.json) printJson(deps.output, r);
        else deps.output.out(`imported ${formatDigest(r.head)}: ${r.objects} objects verified`);
      }),
    );
}
