// `rollgate package`, `rollgate sign`, `rollgate preflight` and `rollgate inspect`: the release
// as a signed, hash-addressed object, and the checks before it ships.
import type { Command } from 'commander';
import { formatDigest, parseDigest } from '../../core/digest.js';
import { DEFAULT_CONFIG_PATH } from '../../config/paths.js';
import { DEFAULT_STATE_DIR } from '../../store/layout.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';

const collect = (value: string, previous: string[]) => [...previous, value];

interface PackageFlags {
  outputDir: string;
  releaseId: string;
  sourceCommit: string;
  artifact: string[];
  image: string[];
  key?: string;
  keyEnv?: string;
  config: string;
  checkpoint?: string;
  compatibleWith: string[];
  state?: string;
  stateDir: string;
  json?: boolean;
}

export function registerRelease(program: Command, deps: CliDeps, run: RunCommand): void {
  program
    .command('package')
    .description(
      'hash the release artifacts into a manifest, bind the config and the lock evidence, write (and sign) release.json',
    )
    .requiredOption('--output-dir <dir>', 'where release.json is written')
    .requiredOption('--release-id <id>', 'release identifier, e.g. v1.2.3')
    .option('--source-commit <sha>', 'the 40-hex commit the release is built from', '')
    .option('--artifact <file>', 'a file of the release (repeatable)', collect, [])
    .option('--image <ref@sha256:…>', 'a container image pinned by digest (repeatable)', collect, [])
    .option('--key <file>', 'sign with this PEM private key file')
    .option('--key-env <name>', 'sign with the PEM private key in this environment variable')
    .option('--config <file>', 'config to bind (its sha256)', DEFAULT_CONFIG_PATH)
    .option('--checkpoint <schema-id>', 'the data/schema checkpoint the release needs')
    .option(
      '--compatible-with <schema-id>',
      'an environment checkpoint the release also runs on (repeatable)',
      collect,
      [],
    )
    .option('--state <sha256>', 'head of the run (its lock-verify evidence is bound)')
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--json', 'print one JSON document')
    .action((flags: PackageFlags) =>
      run(async () => {
        const { packageJob } = await import('../../jobs/package-job.js');
        const result = await packageJob({
          workspace: process.cwd(),
          outputDir: flags.outputDir,
          releaseId: flags.releaseId,
          sourceCommit: flags.sourceCommit,
          files: flags.artifact,
          images: flags.image,
          configPath: flags.config,
          checkpoint: flags.checkpoint ? { schema_id: flags.checkpoint, compatible_with: flags.compatibleWith } : null,
          stateDir: flags.stateDir,
          ...(flags.state ? { parent: parseDigest(flags.state, '--state') } : {}),
          ...(flags.key || flags.keyEnv
            ? { key: { ...(flags.key ? { file: flags.key } : {}), ...(flags.keyEnv ? { env: flags.keyEnv } : {}) } }
            : {}),
          env: deps.env,
        });
        if (flags.json)
          printJson(deps.output, {
            release_hash: result.document.release_hash,
            release_path: result.release_path,
            signatures: result.document.signatures.map((s) => s.key_id),
            state: result.head_hash,
          });
        else
          deps.output.out(
            `release ${result.document.manifest.release_id} ${formatDigest(result.document.release_hash)} → ${result.release_path} (${result.document.signatures.length} signature(s)); state ${formatDigest(result.head_hash)}`,
          );
      }),
    );

  program
    .command('sign')
    .description('add a release-role signature to release.json (for k-of-n signing)')
    .requiredOption('--release <file>', 'release.json')
    .option('--key <file>', 'PEM private key file')
    .option('--key-env <name>', 'environment variable holding the PEM private key')
    .option('--json', 'print one JSON document')
    .action((flags: { release: string; key?: string; keyEnv?: string; json?: boolean }) =>
      run(async () => {
        const { signReleaseFile } = await import('../../jobs/sign-release.js');
        const doc = await signReleaseFile(
          flags.release,
          { ...(flags.key ? { file: flags.key } : {}), ...(flags.keyEnv ? { env: flags.keyEnv } : {}) },
          deps.env,
        );
        if (flags.json)
          printJson(deps.output, { release_hash: doc.release_hash, signatures: doc.signatures.map((s) => s.key_id) });
        else
          deps.output.out(
            `signed ${formatDigest(doc.release_hash)}: ${doc.signatures.map((s) => s.key_id).join(', ')}`,
          );
      }),
    );

  program
    .command('preflight')
    .description(
      'PreflightChecks_v1: signatures, keys, artifacts, lock verification, config, checkpoint, evidence; exit 1 if any check fails',
    )
    .requiredOption('--manifest <file>', 'release.json')
    .option('--trust-store <file>', "trust store (default: the config's trust.trust_store)")
    .option('--revocations <file>', "revocation bundle (default: the config's)")
    .option('--artifact-dir <dir>', 'where the release files are', '.')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_PATH)
    .option('--environment <name>', 'target environment', 'staging')
    .option('--state <sha256>', 'head of the run')
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--at <utc>', 'verification time YYYY-MM-DDTHH:MM:SSZ (default: now)')
    .option('--json', 'print one JSON document')
    .action(
      (flags: {
        manifest: string;
        trustStore?: string;
        revocations?: string;
        artifactDir: string;
        config: string;
        environment: string;
        state?: string;
        stateDir: string;
        at?: string;
        json?: boolean;
      }) =>
        run(async () => {
          const { preflightJob } = await import('../../jobs/preflight-job.js');
          const { parseUtc } = await import('../../core/utc-time.js');
          const result = await preflightJob({
            workspace: process.cwd(),
            releasePath: flags.manifest,
            artifactDir: flags.artifactDir,
            configPath: flags.config,
            ...(flags.trustStore ? { trustStorePath: flags.trustStore } : {}),
            ...(flags.revocations ? { revocationsPath: flags.revocations } : {}),
            environment: flags.environment,
            stateDir: flags.stateDir,
            ...(flags.state ? { parent: parseDigest(flags.state, '--state') } : {}),
            at: flags.at ? parseUtc(flags.at, '--at') : deps.now(),
          });
          const { report } = result;
          if (flags.json)
            printJson(deps.output, { ...report, report_hash: result.report_hash, state: result.head_hash });
          else {
            for (const c of report.checks)
              deps.output.out(
                `${c.result === 'pass' ? 'pass' : 'FAIL'} ${c.check}${c.codes.length ? ` [${c.codes.join(', ')}]` : ''}: ${JSON.stringify(c.details.join('; '))}`,
              );
            deps.output.out(
              `preflight ${report.verdict} for ${report.release_id} ${formatDigest(report.release_hash)} at ${report.verification_time_utc}; report ${formatDigest(result.report_hash)}; state ${formatDigest(result.head_hash)}`,
            );
          }
          return report.verdict === 'pass' ? 0 : EXIT_USER;
        }),
    );

  program
    .command('inspect')
    .description('show a release document: manifest, release_hash (recomputed) and signers')
    .argument('<file>', 'release.json')
    .option('--json', 'print one JSON document')
    .action((file: string, flags: { json?: boolean }) =>
      run(async () => {
        const { readFile } = await import('node:fs/promises');
        const { parseReleaseDocument } = await import('../../release/release-document.js');
        const doc = parseReleaseDocument(await readFile(file, 'utf8'), file);
        if (flags.json)
          printJson(deps.output, { kind: 'release', ...doc, signatures: doc.signatures.map((s) => s.key_id) });
        else {
          deps.output.out(
            `release ${doc.manifest.release_id} ${formatDigest(doc.release_hash)} (recomputed), source ${doc.manifest.source_commit || 'unknown'}`,
          );
          for (const a of doc.manifest.artifacts)
            deps.output.out(
              `  ${a.kind} ${JSON.stringify(a.name)} ${formatDigest(a.sha256)}${a.size === null ? '' : ` ${a.size} bytes`}`,
            );
          deps.output.out(`  signed by: ${doc.signatures.map((s) => s.key_id).join(', ') || 'nobody'}`);
        }
      }),
    );
}
