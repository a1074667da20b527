// WASM deliverables (document 001 §8): the reference runtime's expectations reproduced (the
// 8-byte module and its hash, preview1's three codes), both profiles, components, the size
// limit, byte-identical repackaging, state.json upserts kept across cycles, and inspection
// refusing drift, a changed artifact and a non-WASM file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordCycle } from '../../src/providers/record-cycle.js';
import { wasmPackageJob } from '../../src/jobs/wasm-package-job.js';
import { inspectDeliverable } from '../../src/wasm/deliverable.js';
import { importModules } from '../../src/wasm/imports.js';
import { ENV_ONLY, NO_IMPORTS, PREVIEW1, componentWasi, oversized, wat } from './modules.js';
import { ZERO_CYCLE } from '../helpers/cycles.js';

async function packaged(
  bytes: Uint8Array,
  profile: 'wasm_wasi' | 'channel_automation_wasi' = 'wasm_wasi',
  blueprint = 'edge-wasm',
) {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-wasm-'));
  const module = join(dir, 'module.wasm');
  writeFileSync(module, bytes);
  const result = await wasmPackageJob({
    modulePath: module,
    blueprintId: blueprint,
    runtimeProfile: profile,
    outputDir: join(dir, 'out'),
    stateDir: join(dir, '.rollgate'),
  });
  return { dir, module, ...result };
}

describe('WASM packaging', () => {
  it('reproduces document 001: the 8-byte module, its hash, and abi_assumed_no_imports', async () => {
    const bytes = await wat(NO_IMPORTS);
    expect(Buffer.from(bytes).toString('hex')).toBe('0061736d01000000');
    const { report, dir } = await packaged(bytes);
    expect(report).toMatchObject({
      artifact_sha256: '93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476',
      artifact_size_bytes: 8,
      constraint_profile_id: 'control_plane_gateway_v1',
      compliance_reason_codes: ['abi_assumed_no_imports'],
      state_updated: true,
    });
    const manifest = JSON.parse(readFileSync(report.manifest_path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(manifest)).toEqual([
      'schema_version',
      'manifest_kind',
      'blueprint_id',
      'deploy_target',
      'runtime_profile',
      'source_module_path',
      'artifact_path',
      'artifact_sha256',
      'artifact_size_bytes',
      'capability_constraints',
      'runtime_constraints',
      'observed_import_modules',
    ]);
    expect(manifest.artifact_path).toBe('93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476.wasm');
    const state = JSON.parse(readFileSync(join(dir, '.rollgate/state.json'), 'utf8')) as {
      wasm_deliverables: unknown[];
    };
    expect(state.wasm_deliverables).toEqual([
      expect.objectContaining({
        blueprint_id: 'edge-wasm',
        runtime_profile: 'wasm_wasi',
        constraint_profile_id: 'control_plane_gateway_v1',
      }),
    ]);
  });

  it('refuses a wasi_snapshot_preview1 module with the three codes, writing nothing', async () => {
    await expect(packaged(await wat(PREVIEW1))).rejects.toMatchObject({
      code: 'WASM_NOT_COMPLIANT',
      message: expect.stringContaining(
        'required_abi_missing, import_module_not_allowlisted, import_module_forbidden',
      ) as string,
    });
  });

  it('refuses a module that imports only env: no wasi ABI', async () => {
    await expect(packaged(await wat(ENV_ONLY))).rejects.toMatchObject({
      message: expect.stringContaining('required_abi_missing') as string,
    });
  });

  it('refuses a module over the profile size limit (channel_automation_wasi: 1 MiB)', async () => {
    const big = await wat(oversized(1_100_000));
    expect(big.length).toBeGreaterThan(1_048_576);
    await expect(packaged(big, 'channel_automation_wasi')).rejects.toMatchObject({
      message: expect.stringContaining('artifact_size_limit_exceeded') as string,
    });
    const { report } = await packaged(big, 'wasm_wasi');
    expect(report.compliance_reason_codes).toEqual(['abi_assumed_no_imports']);
  });

  it('packages a component importing wasi: interfaces, reading its import section', async () => {
    const bytes = componentWasi();
    expect(importModules(bytes)).toEqual(['wasi:cli/environment@0.2.0', 'wasi:filesystem/types@0.2.0']);
    const { report } = await packaged(bytes, 'channel_automation_wasi', 'chan');
    expect(report).toMatchObject({
      compliance_reason_codes: [],
      constraint_profile_id: 'channel_automation_runtime_v1',
    });
    expect(report.capability_constraints).toContain('channel_event_dispatch_host_capability');
  });

  it('repackages the same module byte for byte, and keeps other deliverables and later cycles', async () => {
    const bytes = await wat(NO_IMPORTS);
    const first = await packaged(bytes);
    const again = await wasmPackageJob({
      modulePath: first.module,
      blueprintId: 'edge-wasm',
      runtimeProfile: 'wasm_wasi',
      outputDir: join(first.dir, 'out'),
      stateDir: join(first.dir, '.rollgate'),
    });
    expect(readFileSync(again.report.manifest_path)).toEqual(readFileSync(first.report.manifest_path));
    await wasmPackageJob({
      modulePath: first.module,
      blueprintId: 'other',
      runtimeProfile: 'wasm_wasi',
      outputDir: join(first.dir, 'out'),
      stateDir: join(first.dir, '.rollgate'),
    });
    await recordCycle(join(first.dir, '.rollgate'), ZERO_CYCLE, { now_unix_ms: 1, duration_ms: 1 });
    const state = JSON.parse(readFileSync(join(first.dir, '.rollgate/state.json'), 'utf8')) as {
      wasm_deliverables: Array<{ blueprint_id: string }>;
    };
    expect(state.wasm_deliverables.map((d) => d.blueprint_id)).toEqual(['edge-wasm', 'other']);
  });

  it('refuses what is not WebAssembly with a coded error', async () => {
    await expect(packaged(new Uint8Array([0x00, 0x61]))).rejects.toMatchObject({
      code: 'WASM_MODULE_INVALID',
      message: expect.stringContaining('too small') as string,
    });
    await expect(packaged(new TextEncoder().encode('not wasm at all'))).rejects.toMatchObject({
      code: 'WASM_MODULE_INVALID',
      message: expect.stringContaining('magic') as string,
    });
    await expect(
      packaged(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xff])),
    ).rejects.toMatchObject({ code: 'WASM_MODULE_INVALID' });
  });
});

describe('inspecting a deliverable', () => {
  it('verifies hash, size, profile and imports; refuses drift and a changed artifact', async () => {
    const { report, artifact_path } = await packaged(await wat(NO_IMPORTS));
    const text = readFileSync(report.manifest_path, 'utf8');
    const artifact = new Uint8Array(readFileSync(artifact_path));
    expect(inspectDeliverable(text, 'm.json', artifact)).toMatchObject({
      compliant: true,
      reason_codes: ['abi_assumed_no_imports'],
    });
    const drifted = text.replace('"max_artifact_size_bytes": 2097152', '"max_artifact_size_bytes": 99999999');
    expect(() => inspectDeliverable(drifted, 'm.json', artifact)).toThrow(
      expect.objectContaining({ code: 'WASM_MANIFEST_INVALID', message: expect.stringContaining('drift') as string }),
    );
    const changed = Uint8Array.from([...artifact]);
    changed[7] = 2;
    expect(() => inspectDeliverable(text, 'm.json', changed)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('hash mismatch') as string }),
    );
    expect(() => inspectDeliverable('{"schema_version": 2}', 'm.json')).toThrow(
      expect.objectContaining({ code: 'WASM_MANIFEST_INVALID' }),
    );
  });
});
