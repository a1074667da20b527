// `rollgate package`, `rollgate sign`, `rollgate preflight` and `rollgate inspect`: the release
// as a signed, hash-addressed object, and the checks before it ships.
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { RollgateError } from '../../core/errors.js';
import { formatDigest, parseDigest } from '../../core/digest.js';
import { DEFAULT_CONFIG_PATH } from '../../config/paths.js';
import { DEFAULT_STATE_DIR } from '../../store/layout.js';
import { readBytesRequired, readTextRequired } from '../../store/read-text.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

interface PackageFlags {
  outputDir: string;
  releaseId?: string;
  wasmModule?: string;
  blueprintId: string;
  runtimeProfile: 'wasm_wasi' | 'channel_automation_wasi';
  generatedUnixMs?: number;
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
    .option('--release-id <id>', 'release identifier, e.g. v1.2.3: writes release.json')
    .option(
      '--wasm-module <file>',
      'package a WASM module as a deliverable under <output-dir>/<blueprint>/ (document 001)',
    )
    .option('--blueprint-id <id>', 'blueprint of the WASM deliverable', 'edge-wasm')
    .addOption(
      new Option('--runtime-profile <profile>', 'WASM runtime profile')
        .choices(['wasm_wasi', 'channel_automation_wasi'])
        .default('wasm_wasi'),
    )
    .option(
      '--generated-unix-ms <ms>',
      'a generation time to record in the WASM manifest (none by default: packaging stays byte-identical)',
      positiveInteger,
    )
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
        if (!flags.releaseId && !flags.wasmModule)
          throw new RollgateError(
            'INPUT_INVALID',
            'give --release-id (a release) and/or --wasm-module (a WASM deliverable)',
          );
        const artifacts = [...flags.artifact];
        let wasm: unknown;
        if (flags.wasmModule) {
          const { wasmPackageJob } = await import('../../jobs/wasm-package-job.js');
          const packaged = await wasmPackageJob({
            modulePath: flags.wasmModule,
            blueprintId: flags.blueprintId,
            runtimeProfile: flags.runtimeProfile,
            outputDir: flags.outputDir,
            stateDir: flags.stateDir,
            ...(flags.generatedUnixMs === undefined ? {} : { generatedUnixMs: flags.generatedUnixMs }),
          });
          wasm = packaged.report;
          artifacts.push(relative(process.cwd(), packaged.artifact_path));
          if (!flags.json)
            deps.output.out(
              `wasm ${packaged.report.blueprint_id} sha256:${packaged.report.artifact_sha256} (${packaged.report.compliance_reason_codes.join(', ') || 'compliant'}) → ${packaged.report.manifest_path}`,
            );
        }
        if (!flags.releaseId) {
          if (flags.json) printJson(deps.output, { wasm });
          return;
        }
        const { packageJob } = await import('../../jobs/package-job.js');
        const result = await packageJob({
          workspace: process.cwd(),
          outputDir: flags.outputDir,
          releaseId: flags.releaseId,
          sourceCommit: flags.sourceCommit,
          files: artifacts,
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
    .description(
      'show a release document (manifest, recomputed release_hash, signers) or verify a WASM deliverable manifest against its artifact',
    )
    .argument('<file>', 'release.json')
    .option('--json', 'print one JSON document')
    .action((file: string, flags: { json?: boolean }) =>
      run(async () => {
        // The document is a release (16 MiB bound) or a WASM manifest (far smaller); the artifact is
        // read whole, within the WASM bound, because inspection parses its imports as well as hashing it.
        const text = await readTextRequired(file, 'release', 'release document');
        if (text.includes('"manifest_kind"')) {
          const { inspectDeliverable } = await import('../../wasm/deliverable.js');
          const manifest = JSON.parse(text) as { artifact_path?: unknown };
          const artifact =
            typeof manifest.artifact_path === 'string'
              ? await readBytesRequired(resolve(dirname(file), manifest.artifact_path), 'wasm', 'WASM artifact')
              : undefined;
          const r = inspectDeliverable(text, file, artifact);
          const c = r.manifest.runtime_constraints;
          const view = {
            manifest_path: file,
            blueprint_id: r.manifest.blueprint_id,
            runtime_profile: r.manifest.runtime_profile,
            constraint_profile_id: c.profile_id,
            constraint_target_role: c.target_role,
            required_runtime_profile: c.required_runtime_profile,
            required_abi: c.required_abi,
            compliant: r.compliant,
            reason_codes: r.reason_codes,
            observed_import_modules: r.manifest.observed_import_modules,
            required_feature_gates: c.required_feature_gates,
            max_artifact_size_bytes: c.max_artifact_size_bytes,
          };
          if (flags.json) printJson(deps.output, view);
          else
            deps.output.out(
              `wasm deliverable ${view.blueprint_id} (${view.runtime_profile}, ${view.constraint_profile_id}): ${view.compliant ? 'compliant' : 'NOT compliant'} [${view.reason_codes.join(', ') || 'none'}], imports ${view.observed_import_modules.join(', ') || 'none'}`,
            );
          return;
        }
        const { parseReleaseDocument } = await import('../../release/release-document.js');
        const doc = parseReleaseDocument(text, file);
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
