// lock-verify → package → preflight as three built actions, each its own process with only the
// state output and the workspace between them, on Node 20 and Node 24; the signing key masked.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { runAction } from '../helpers/run-action.js';
import { runCliDist } from '../helpers/run-dist.js';
import { GOOD_UV_LOCK, workspace } from './fixtures.js';

describe.each(nodeRuntimes())('release actions on $name', ({ path: node }) => {
  it('package signs with a masked key and preflight passes; a changed artifact fails it', () => {
    const ws = workspace({ 'uv.lock': GOOD_UV_LOCK, 'build/app.bin': 'the app' });
    const key = JSON.parse(
      runCliDist(node, ['keygen', '--out', join(ws, 'keys'), '--trust-store', join(ws, 'trust.json'), '--json']).stdout,
    ) as { private_key_path: string };
    const pem = readFileSync(key.private_key_path, 'utf8');
    const env = { GITHUB_SHA: 'a'.repeat(40) };
    const lock = runAction(
      node,
      'lock-verify',
      { lockfiles: 'uv.lock', 'python-version': '3.12.7', 'pip-version': '24.2', 'installer-version': 'uv 0.5.1' },
      { workspace: ws, env },
    );
    expect(lock.status).toBe(0);
    const pkg = runAction(
      node,
      'package',
      {
        'output-dir': 'out',
        'release-id': 'v1.0.0',
        artifacts: 'build/app.bin',
        'signing-key': pem,
        state: lock.outputs.state!,
      },
      { workspace: ws, env },
    );
    expect(pkg.stdout).not.toMatch(/::error/);
    expect(pkg.status).toBe(0);
    expect(pkg.outputs['release-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Masked before anything else: the first lines the action prints are the key's masks.
    expect(pkg.stdout.split('\n')[0]).toMatch(/^::add-mask::-----BEGIN PRIVATE KEY-----/);
    const secretLine = pem.split('\n')[1]!;
    for (const text of [pkg.summary, JSON.stringify(pkg.outputs), readFileSync(join(ws, 'out/release.json'), 'utf8')])
      expect(text).not.toContain(secretLine);
    expect(JSON.parse(readFileSync(join(ws, 'out/release.json'), 'utf8'))).toMatchObject({
      manifest: { source_commit: 'a'.repeat(40) },
    });
    const pf = runAction(
      node,
      'preflight',
      { manifest: 'out/release.json', 'trust-store': 'trust.json', state: pkg.outputs.state! },
      { workspace: ws, env },
    );
    expect(pf.status).toBe(0);
    expect(pf.outputs).toMatchObject({ verdict: 'pass', 'release-hash': pkg.outputs['release-hash'] });
    expect(pf.summary).toContain('| signatures | pass |');
    writeFileSync(join(ws, 'build/app.bin'), 'changed');
    const bad = runAction(
      node,
      'preflight',
      { manifest: 'out/release.json', 'trust-store': 'trust.json', 'state-dir': '.rollgate-b' },
      { workspace: ws, env },
    );
    expect(bad.status).toBe(1);
    expect(bad.outputs.verdict).toBe('fail');
    expect(bad.stdout).toMatch(
      /::error title=preflight artifacts%3A ARTIFACT_HASH_MISMATCH,file=build\/app.bin::build\/app.bin: sha256:/,
    );
    expect(bad.summary).toContain('| lock\\_verified | fail |');
  });
});
