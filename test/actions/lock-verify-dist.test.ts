// The built lock-verify action, run as the runner runs it, on Node 20 and Node 24.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { runAction } from '../helpers/run-action.js';
import { BAD_REQUIREMENTS, GOOD_UV_LOCK, GOOD_WORKFLOW, workspace } from './fixtures.js';

const TOOLCHAIN = { 'python-version': '3.12.7', 'pip-version': '24.2', 'installer-version': 'uv 0.5.1' };

describe.each(nodeRuntimes())('dist/actions/lock-verify.js on $name', ({ path: node }) => {
  it('passes clean locks: outputs, summary, SBOM and a state head', () => {
    const ws = workspace({ 'uv.lock': GOOD_UV_LOCK, '.github/workflows/ci.yml': GOOD_WORKFLOW });
    const run = runAction(
      node,
      'lock-verify',
      { lockfiles: 'uv.lock\n.github/workflows/*.yml', ...TOOLCHAIN },
      { workspace: ws },
    );
    expect(run.stdout).not.toContain('::error');
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      'packages-total': '4',
      'hash-mismatches': '0',
      'policy-violations': '0',
    });
    for (const key of ['report-hash', 'sbom-hash', 'lockfile-hash', 'toolchain-hash', 'state'])
      expect(run.outputs[key]).toMatch(/^sha256:[0-9a-f]{64}$/);
    // H("toolchain_v1", "3.12.7", "24.2", "uv 0.5.1"), the check value of DESIGN 4.2.
    expect(run.outputs['toolchain-hash']).toBe(
      'sha256:50735406a274d31c421a5b4dcfd4d07611de3f4745a0745c8d81348df5245908',
    );
    expect(run.summary).toContain('rollgate lock-verify: pass');
    expect(run.summary).toContain('| packages_total | hash_mismatches | policy_violations | lockfiles |');
    expect(JSON.parse(readFileSync(run.outputs['sbom-path']!, 'utf8'))).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
    });
  });

  it('is deterministic: a second run gives the same outputs and summary', () => {
    const files = { 'uv.lock': GOOD_UV_LOCK };
    const one = runAction(node, 'lock-verify', { lockfiles: 'uv.lock', ...TOOLCHAIN }, { workspace: workspace(files) });
    const two = runAction(node, 'lock-verify', { lockfiles: 'uv.lock', ...TOOLCHAIN }, { workspace: workspace(files) });
    const strip = (o: Record<string, string>) => ({ ...o, 'sbom-path': '' });
    expect(strip(two.outputs)).toEqual(strip(one.outputs));
    expect(two.summary).toBe(one.summary);
  });

  it('fails a bad lock with annotations at file:line and every finding in the summary', () => {
    const ws = workspace({ 'requirements.txt': BAD_REQUIREMENTS });
    const run = runAction(node, 'lock-verify', { lockfiles: 'requirements.txt', ...TOOLCHAIN }, { workspace: ws });
    expect(run.status).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.outputs['policy-violations']).toBe('3');
    expect(run.stdout).toContain('::error title=LOCK_UNPINNED%3A requests,file=requirements.txt,line=2::');
    expect(run.stdout).toContain('::error title=LOCK_HASH_WEAK%3A left-pad,file=requirements.txt,line=5::');
    expect(run.summary).toContain('| error | `LOCK_HASH_MISSING` | requirements.txt | 2 | requests |');
  });

  it('in warn mode reports the same findings as warnings and does not fail the step', () => {
    const ws = workspace({ 'requirements.txt': BAD_REQUIREMENTS });
    const run = runAction(
      node,
      'lock-verify',
      { lockfiles: 'requirements.txt', mode: 'warn', ...TOOLCHAIN },
      { workspace: ws },
    );
    expect(run.status).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toContain('::warning title=LOCK_UNPINNED');
    expect(run.stdout).not.toContain('::error');
  });

  it('refuses a bad input value with a coded error, exit 1', () => {
    const run = runAction(
      node,
      'lock-verify',
      { lockfiles: 'uv.lock', mode: 'loud' },
      { workspace: workspace({ 'uv.lock': GOOD_UV_LOCK }) },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error title=rollgate lock-verify%3A INPUT_INVALID 2501::input mode/);
  });

  it('reports a lockfile that does not parse at its file and line', () => {
    const run = runAction(
      node,
      'lock-verify',
      { lockfiles: 'uv.lock' },
      { workspace: workspace({ 'uv.lock': 'version = 1\n[[package]]\nname = \n' }) },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/LOCK_PARSE_FAILED 2101::uv.lock:3: not valid TOML/);
  });
});

it('the state head written by the action verifies with rollgate verify', async () => {
  const ws = workspace({ 'uv.lock': GOOD_UV_LOCK });
  const run = runAction(process.execPath, 'lock-verify', { lockfiles: 'uv.lock', ...TOOLCHAIN }, { workspace: ws });
  const { ObjectStore } = await import('../../src/store/object-store.js');
  const { verifyStore } = await import('../../src/store/verify-store.js');
  const report = await verifyStore(new ObjectStore(join(ws, '.rollgate')));
  expect(report).toMatchObject({ ok: true, step_heads_checked: 1, findings: [] });
  expect(run.outputs.state).toMatch(/^sha256:/);
});
