// `rollgate demo`: the whole pipeline on the embedded default, locally (no GitHub, no network).
import type { Command } from 'commander';
import { demoSpec } from '../../specs/commands.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerDemo(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    demoSpec,
    'run the whole pipeline locally on an embedded default: a good release promoted through staging and production, a bad one rolled back',
    run,
    async (flags) => {
      const { demoJob } = await import('../../demo/demo-job.js');
      const result = await demoJob({
        dir: flags.dir,
        now: deps.now,
        host: deps.host,
        ...(flags.withPrometheus
          ? { prometheus: true, sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, ms)) }
          : {}),
        progress: (line) => (flags.json ? undefined : deps.output.out(line)),
      });
      if (flags.json) {
        printJson(deps.output, result);
        return;
      }
      deps.output.out(`rollgate demo: done in ${result.dir}`);
      deps.output.out(
        `  state store      ${result.dir}/.rollgate (rollgate verify --state-dir ${flags.dir}/.rollgate)`,
      );
      deps.output.out(`  job summaries    ${result.dir}/summaries/ (${result.summaries.length} Markdown files)`);
      deps.output.out(`  certificates     ${result.dir}/certificates/`);
      deps.output.out(`  history          rollgate status --state-dir ${flags.dir}/.rollgate`);
    },
  );
}
