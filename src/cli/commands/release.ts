// `rollgate package`, `rollgate sign`, `rollgate preflight` and `rollgate inspect`: the release
// as a signed, hash-addressed object, and the checks before it ships.
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDigest } from '../../core/digest.js';
import { packageSpec } from '../../specs/package.js';
import { inspectSpec, signSpec } from '../../specs/commands.js';
import { preflightSpec } from '../../specs/preflight.js';
import { readBytesRequired, readTextRequired } from '../../util/read-text.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerRelease(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    packageSpec,
    'hash the release artifacts into a manifest, bind the config and the lock evidence, write (and sign) release.json',
    run,
    async (flags) => {
      const artifacts = [...flags.artifacts];
      let wasm: unknown;
      if (flags.wasmModule) {
        const { wasmPackageJob } = await import('../../jobs/wasm-package-job.js');
        const packaged = await wasmPackageJob({
          modulePath: flags.wasmModule,
          blueprintId: flags.blueprintId,
          runtimeProfile: flags.runtimeProfile,
          outputDir: flags.outputDir,
          stateDir: flags.stateDir,
          force: flags.force === true,
          ...(flags.generatedUnixMs === undefined ? {} : { generatedUnixMs: flags.generatedUnixMs }),
        });
        wasm = packaged.report;
        artifacts.push(relative(deps.host.cwd, packaged.artifact_path));
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
        workspace: deps.host.cwd,
        outputDir: flags.outputDir,
        releaseId: flags.releaseId,
        sourceCommit: flags.sourceCommit ?? '',
        files: artifacts,
        images: flags.images,
        configPath: flags.config,
        checkpoint: flags.checkpoint ? { schema_id: flags.checkpoint, compatible_with: flags.compatibleWith } : null,
        stateDir: flags.stateDir,
        ...(flags.state ? { parent: flags.state } : {}),
        ...(flags.key || flags.keyEnv
          ? { key: { ...(flags.key ? { file: flags.key } : {}), ...(flags.keyEnv ? { env: flags.keyEnv } : {}) } }
          : {}),
        env: deps.env,
        force: flags.force === true,
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
    },
  );

  specCommand(
    program,
    signSpec,
    'add a release-role signature to release.json (for k-of-n signing)',
    run,
    async (flags) => {
      const { signReleaseFile } = await import('../../jobs/sign-release.js');
      const doc = await signReleaseFile(
        flags.release,
        { ...(flags.key ? { file: flags.key } : {}), ...(flags.keyEnv ? { env: flags.keyEnv } : {}) },
        deps.env,
      );
      if (flags.json)
        printJson(deps.output, { release_hash: doc.release_hash, signatures: doc.signatures.map((s) => s.key_id) });
      else
        deps.output.out(`signed ${formatDigest(doc.release_hash)}: ${doc.signatures.map((s) => s.key_id).join(', ')}`);
    },
  );

  specCommand(
    program,
    preflightSpec,
    'PreflightChecks_v1: signatures, keys, artifacts, lock verification, config, checkpoint, evidence; exit 1 if any check fails',
    run,
    async (flags) => {
      const { preflightJob } = await import('../../jobs/preflight-job.js');
      const result = await preflightJob({
        workspace: deps.host.cwd,
        releasePath: flags.manifest,
        artifactDir: flags.artifactDir,
        configPath: flags.config,
        ...(flags.trustStore ? { trustStorePath: flags.trustStore } : {}),
        ...(flags.revocations ? { revocationsPath: flags.revocations } : {}),
        environment: flags.environment,
        stateDir: flags.stateDir,
        ...(flags.state ? { parent: flags.state } : {}),
        at: flags.at ?? deps.now(),
        host: deps.host,
      });
      const { report } = result;
      if (flags.json) printJson(deps.output, { ...report, report_hash: result.report_hash, state: result.head_hash });
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
    },
  );

  specCommand(
    program,
    inspectSpec,
    'show a release document (manifest, recomputed release_hash, signers) or verify a WASM deliverable manifest against its artifact',
    run,
    async (flags) => {
      const { file } = flags;
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
    },
  );
}
