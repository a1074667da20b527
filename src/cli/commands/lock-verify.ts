// `rollgate lock-verify`: the lock-verify action's job from the command line, same options.
import type { Command } from 'commander';
import { Option } from 'commander';
import { formatDigest, parseDigest } from '../../core/digest.js';
import { DEFAULT_STATE_DIR } from '../../store/layout.js';
import { FORCE_HELP, checkOutputPath } from '../../store/output-file.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';

interface LockVerifyFlags {
  policy?: string;
  artifactIndex?: string;
  baseRef?: string;
  mode: 'enforce' | 'warn';
  stateDir: string;
  sbomPath?: string;
  state?: string;
  runId?: string;
  pythonVersion?: string;
  pipVersion?: string;
  installerVersion?: string;
  force?: boolean;
  json?: boolean;
}

export function registerLockVerify(program: Command, deps: CliDeps, run: RunCommand): void {
  program
    .command('lock-verify')
    .description(
      'verify lockfiles are pinned, hashed and from allowed sources; check artifacts; review upgrades; write the SBOM',
    )
    .argument('<lockfiles...>', 'lockfile paths or globs')
    .option('--policy <file>', 'lock policy (YAML); the strict default applies without one')
    .option('--artifact-index <path>', 'directory, npm cache or JSON index of downloaded artifacts')
    .option('--base-ref <ref>', 'git ref to review upgrades against')
    .addOption(
      new Option('--mode <mode>', 'enforce exits 1 on violations; warn only reports')
        .choices(['enforce', 'warn'])
        .default('enforce'),
    )
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option(
      '--sbom-path <file>',
      'where to write the CycloneDX SBOM (default: <state-dir>/reports/sbom.cdx.json; an existing file only with --force)',
    )
    .option('--force', FORCE_HELP)
    .option('--state <sha256>', 'head of the previous step')
    .option('--run-id <id>', 'run id (default: derived from the inputs)')
    .option('--python-version <v>', 'toolchain: python (or node) version')
    .option('--pip-version <v>', 'toolchain: pip (or npm) version')
    .option('--installer-version <v>', 'toolchain: installer and version')
    .option('--json', 'print the report as one JSON document')
    .action((lockfiles: string[], flags: LockVerifyFlags) =>
      run(async () => {
        const { lockVerifyJob } = await import('../../jobs/lock-verify-job.js');
        if (flags.sbomPath)
          await checkOutputPath({
            path: flags.sbomPath,
            flag: '--sbom-path',
            stateDir: flags.stateDir,
            force: flags.force === true,
          });
        const result = await lockVerifyJob({
          workspace: process.cwd(),
          lockfiles,
          ...(flags.policy ? { policy: flags.policy } : {}),
          ...(flags.artifactIndex ? { artifactIndex: flags.artifactIndex } : {}),
          ...(flags.baseRef ? { baseRef: flags.baseRef } : {}),
          mode: flags.mode,
          stateDir: flags.stateDir,
          ...(flags.sbomPath ? { sbomPath: flags.sbomPath } : {}),
          ...(flags.state ? { parent: parseDigest(flags.state, '--state') } : {}),
          ...(flags.runId ? { runId: flags.runId } : {}),
          toolchain: {
            ...(flags.pythonVersion ? { python_version: flags.pythonVersion } : {}),
            ...(flags.pipVersion ? { pip_version: flags.pipVersion } : {}),
            ...(flags.installerVersion ? { installer_version: flags.installerVersion } : {}),
          },
          platform: process.platform,
          arch: process.arch,
        });
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
      }),
    );
}
