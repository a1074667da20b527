// The root action.yml: generated from the per-action files (npm run docs keeps it current), its
// inputs exactly the root definition's, and through dist it dispatches to the same operator as
// the per-action entry, refusing an unknown command or an input the command does not take.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { rootAction } from '../../src/adapters/root-action.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { runAction } from '../helpers/run-action.js';
import { repoRoot } from '../helpers/run-dist.js';
import { GOOD_UV_LOCK, workspace } from './fixtures.js';

const yml = parse(readFileSync(resolve(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
};

describe('root action.yml', () => {
  it('is what npm run docs generates from the per-action files', async () => {
    const { renderRootAction } = (await import(resolve(repoRoot, 'scripts/gen-docs.mjs'))) as {
      renderRootAction: () => Promise<string>;
    };
    expect(readFileSync(resolve(repoRoot, 'action.yml'), 'utf8')).toBe(await renderRootAction());
  });

  it('declares exactly the inputs the root definition reads, and is listed for the Marketplace', () => {
    expect(Object.keys(yml.inputs).sort()).toEqual(rootAction.inputs.map((i) => i.name).sort());
    expect(yml.inputs.command!.required).toBe(true);
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/actions/rollgate.js' });
    expect(yml.branding).toEqual({ icon: 'shield', color: 'green' });
    expect(rootAction.inputs.filter((i) => i.secret).map((i) => i.name)).toEqual(
      expect.arrayContaining(['certificate-key', 'github-token', 'signing-key']),
    );
  });
});

describe.each(nodeRuntimes())('root action on $name', ({ path: node }) => {
  it('runs lock-verify as the lock-verify action does', () => {
    const ws = workspace({ 'uv.lock': GOOD_UV_LOCK });
    const inputs = {
      lockfiles: 'uv.lock',
      'python-version': '3.12.7',
      'pip-version': '24.2',
      'installer-version': 'uv 0.5.1',
    };
    const viaRoot = runAction(node, 'rollgate', { command: 'lock-verify', ...inputs }, { workspace: ws });
    expect(viaRoot.status).toBe(0);
    const direct = runAction(node, 'lock-verify', inputs, { workspace: workspace({ 'uv.lock': GOOD_UV_LOCK }) });
    expect(viaRoot.outputs['lockfile-hash']).toBe(direct.outputs['lockfile-hash']);
    expect(viaRoot.outputs['report-hash']).toBe(direct.outputs['report-hash']);
  }, 60_000);

  it('refuses an unknown command and an input the command does not take', () => {
    const ws = workspace({ 'uv.lock': GOOD_UV_LOCK });
    const unknown = runAction(node, 'rollgate', { command: 'deploy-everything' }, { workspace: ws });
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('input command must be one of canary-stage, gate, lock-verify');
    const stray = runAction(
      node,
      'rollgate',
      { command: 'lock-verify', lockfiles: 'uv.lock', cohort: '5' },
      { workspace: ws },
    );
    expect(stray.status).toBe(1);
    expect(stray.stdout).toContain('command lock-verify does not take input(s) cohort');
  }, 60_000);
});
