// `rollgate lock-verify`: the lock-verify action's job from the command line, same options.
import type { Command } from 'commander';
import { formatDigest } from '../../core/digest.js';
import { lockVerifySpec } from '../../specs/lock-verify.js';
import { checkOutputPath } from '../../store/output-file.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerLockVerify(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    lockVerifySpec,
    'verify lockfiles are pinned, hashed and from allowed sources; check artifacts; review upgrades; write the SBOM',
    run,
    async (flags) => {
      const { lockVerifyJob } = await import('../../jobs/lock-verify-job.js');
      if (flags.sbomPath)
        await checkOutputPath({
          path: flags.sbomPath,
          flag: '--sbom-path',
          stateDir: flags.stateDir,
          force: flags.force,
        });
      // The spec's options are the job's: the same fields under the same names.
      const result = await lockVerifyJob({ ...flags, workspace: deps.host.cwd, host: deps.host });
      const { report } = result;
      if (flags.json)
        printJson(deps.output, {
          ...report,
          report_hash: result.report_hash,
          state: result.head_hash,
          sbom_path: result.sbom_path,
        });
      else {
        for (const f of report.findings)
          deps.output.out(
            `${f.file}:${f.line}: ${f.severity} ${f.code} ${JSON.stringify(f.package)}: ${JSON.stringify(f.message)}`,
          );
        deps.output.out(
          `lock-verify ${report.lock_verdict}: ${report.packages_total} packages, ${report.mismatch_summary}`,
        );
        deps.output.out(`report ${formatDigest(result.report_hash)} (${result.report_path})`);
        deps.output.out(`sbom   ${formatDigest(report.sbom_hash)} (${result.sbom_path})`);
        deps.output.out(`state  ${formatDigest(result.head_hash)}`);
      }
      return report.lock_verdict === 'fail' && flags.mode === 'enforce' ? EXIT_USER : 0;
    },
  );
}
