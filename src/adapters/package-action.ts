// The package action: inputs of actions/package/action.yml read once, the signing key masked
// first (the runtime does that for every `secret` input), the job, outputs and summary.
import { relative, resolve } from 'node:path';
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { DEFAULT_CONFIG_PATH } from '../config/paths.js';
import { choiceInput, listInput, type ActionDefinition, type RawInputs } from '../github/action-runtime.js';
import { table } from '../github/markdown-table.js';
import { DEFAULT_STATE_DIR } from '../store/layout.js';

interface PackageInputs {
  readonly outputDir: string;
  readonly releaseId?: string;
  readonly artifacts: string[];
  readonly images: string[];
  readonly signingKey?: string;
  readonly sourceCommit?: string;
  readonly config: string;
  readonly checkpoint?: string;
  readonly compatibleWith: string[];
  readonly wasmModule?: string;
  readonly blueprintId: string;
  readonly runtimeProfile: 'wasm_wasi' | 'channel_automation_wasi';
  readonly state?: Uint8Array;
  readonly stateDir: string;
}

export const packageAction: ActionDefinition<PackageInputs> = {
  name: 'package',
  state: { dir: (i) => i.stateDir, heads: (i) => (i.state ? [i.state] : []) },
  inputs: [
    { name: 'output-dir' },
    { name: 'release-id' },
    { name: 'artifacts' },
    { name: 'images' },
    { name: 'signing-key', secret: true },
    { name: 'source-commit' },
    { name: 'config' },
    { name: 'checkpoint' },
    { name: 'compatible-with' },
    { name: 'wasm-module' },
    { name: 'blueprint-id' },
    { name: 'runtime-profile' },
    { name: 'state' },
    { name: 'state-dir' },
  ],
  parseInputs(raw: RawInputs): PackageInputs {
    const outputDir = raw['output-dir'];
    if (!outputDir) throw new RollgateError('INPUT_INVALID', 'input output-dir is required');
    if (!raw['release-id'] && !raw['wasm-module'])
      throw new RollgateError('INPUT_INVALID', 'give release-id (a release) and/or wasm-module (a WASM deliverable)');
    return {
      outputDir,
      ...(raw['release-id'] ? { releaseId: raw['release-id'] } : {}),
      artifacts: listInput(raw, 'artifacts'),
      images: listInput(raw, 'images'),
      ...(raw['signing-key'] ? { signingKey: raw['signing-key'] } : {}),
      ...(raw['source-commit'] ? { sourceCommit: raw['source-commit'] } : {}),
      config: raw.config ?? DEFAULT_CONFIG_PATH,
      ...(raw.checkpoint ? { checkpoint: raw.checkpoint } : {}),
      compatibleWith: listInput(raw, 'compatible-with'),
      ...(raw['wasm-module'] ? { wasmModule: raw['wasm-module'] } : {}),
      blueprintId: raw['blueprint-id'] ?? 'edge-wasm',
      runtimeProfile:
        choiceInput(raw, 'runtime-profile', ['wasm_wasi', 'channel_automation_wasi'] as const) ?? 'wasm_wasi',
      ...(raw.state ? { state: parseDigest(raw.state, 'input state') } : {}),
      stateDir: raw['state-dir'] ?? DEFAULT_STATE_DIR,
    };
  },
  async run(inputs, context) {
    const workspace = context.env.GITHUB_WORKSPACE ?? process.cwd();
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
