// The package action: inputs of actions/package/action.yml read once, the signing key masked
// first (the runtime does that for every `secret` input), the job, outputs and summary.
import { relative, resolve } from 'node:path';
import { formatDigest } from '../core/digest.js';
import { actionWorkspace, type ActionDefinition } from '../action-shell/action-runtime.js';
import { table } from '../action-shell/markdown-table.js';
import { packageSpec, type PackageSpecOptions } from '../specs/package.js';
import { actionInputs } from '../specs/spec.js';

export const packageAction: ActionDefinition<PackageSpecOptions> = {
  name: 'package',
  state: { dir: (i) => i.stateDir, heads: (i) => (i.state ? [i.state] : []) },
  inputs: actionInputs(packageSpec),
  parseInputs: (raw) => packageSpec.parse(raw, 'action'),
  async run(inputs, context) {
    const workspace = actionWorkspace(context);
    const outputs: Record<string, string> = {};
    const rows: Array<[string, { code: string } | string]> = [];
    const files = [...inputs.artifacts];
    if (inputs.wasmModule) {
      const { wasmPackageJob } = await import('../jobs/wasm-package-job.js');
      const wasm = await wasmPackageJob({
        modulePath: resolve(workspace, inputs.wasmModule),
        blueprintId: inputs.blueprintId,
        runtimeProfile: inputs.runtimeProfile,
        outputDir: resolve(workspace, inputs.outputDir),
        stateDir: resolve(workspace, inputs.stateDir),
      });
      outputs['wasm-sha256'] = `sha256:${wasm.report.artifact_sha256}`;
      rows.push(
        ['wasm deliverable', { code: `sha256:${wasm.report.artifact_sha256}` }],
        ['wasm compliance', wasm.report.compliance_reason_codes.join(', ') || 'compliant'],
      );
      files.push(relative(workspace, wasm.artifact_path));
    }
    if (inputs.releaseId) {
      const { packageJob } = await import('../jobs/package-job.js');
      const commit = inputs.sourceCommit ?? context.env.GITHUB_SHA ?? '';
      const result = await packageJob({
        workspace,
        outputDir: inputs.outputDir,
        releaseId: inputs.releaseId,
        sourceCommit: commit,
        files,
        images: inputs.images,
        configPath: inputs.config,
        checkpoint: inputs.checkpoint ? { schema_id: inputs.checkpoint, compatible_with: inputs.compatibleWith } : null,
        stateDir: inputs.stateDir,
        ...(inputs.state ? { parent: inputs.state } : {}),
        ...(inputs.signingKey ? { key: { pem: inputs.signingKey } } : {}),
        env: context.env,
      });
      outputs['release-hash'] = formatDigest(result.document.release_hash);
      outputs['release-path'] = result.release_path;
      outputs.state = formatDigest(result.head_hash);
      rows.unshift(
        ['release', result.document.manifest.release_id],
        ['release_hash', { code: formatDigest(result.document.release_hash) }],
        ['signers', result.document.signatures.map((s) => s.key_id).join(', ') || 'none'],
      );
      for (const a of result.document.manifest.artifacts)
        rows.push([`${a.kind} ${a.name}`, { code: formatDigest(a.sha256) }]);
      rows.push(['state', { code: formatDigest(result.head_hash) }]);
    }
    context.runner.info('rollgate package: ', outputs['release-hash'] ?? outputs['wasm-sha256'] ?? '');
    return { outputs, summary: `## rollgate package\n\n${table(['what', 'value'], rows)}`, annotations: [] };
  },
};
