// keygen → lock-verify → package (signed) → sign (k-of-n, key from the environment) →
// preflight, through the built CLI; then a tampered artifact and a wrong trust-store pin fail.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliDist } from '../helpers/run-dist.js';
import { GOOD_UV_LOCK } from '../actions/fixtures.js';

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCliDist(process.execPath, args, { cwd, env });
}

describe('release through the CLI', () => {
  const ws = mkdtempSync(join(tmpdir(), 'rollgate-release-'));
  writeFileSync(join(ws, 'uv.lock'), GOOD_UV_LOCK);
  mkdirSync(join(ws, 'build'));
  writeFileSync(join(ws, 'build/app.bin'), 'the app');
  const keys = (n: string) =>
    JSON.parse(cli(ws, ['keygen', '--out', `keys-${n}`, '--trust-store', 'trust.json', '--json']).stdout) as {
      private_key_path: string;
      key_id: string;
    };
  const a = keys('a');
  const b = keys('b');
  const trust = JSON.parse(readFileSync(join(ws, 'trust.json'), 'utf8')) as { thresholds: Record<string, number> };
  trust.thresholds.release = 2;
  writeFileSync(join(ws, 'trust.json'), JSON.stringify(trust));
  const lock = JSON.parse(
    cli(ws, [
      'lock-verify',
      'uv.lock',
      '--python-version',
      '3.12.7',
      '--pip-version',
      '24.2',
      '--installer-version',
      'uv 0.5.1',
      '--json',
    ]).stdout,
  ) as { state: string };

  it('packages, signs twice, and passes preflight; inspect shows both signers', () => {
    const pkg = cli(ws, [
      'package',
      '--output-dir',
      'out',
      '--release-id',
      'v1.0.0',
      '--artifact',
      'build/app.bin',
      '--image',
      'ghcr.io/org/web@sha256:' + 'a'.repeat(64),
      '--key',
      a.private_key_path,
      '--state',
      lock.state,
      '--json',
    ]);
    expect(pkg.stderr).toBe('');
    expect(pkg.status).toBe(0);
    const packaged = JSON.parse(pkg.stdout) as { release_hash: string; state: string; signatures: string[] };
    expect(packaged.signatures).toEqual([a.key_id]);
    const pemB = readFileSync(join(ws, b.private_key_path), 'utf8');
    const signed = cli(ws, ['sign', '--release', 'out/release.json', '--key-env', 'RELEASE_KEY', '--json'], {
      RELEASE_KEY: pemB,
    });
    expect(JSON.parse(signed.stdout)).toMatchObject({ signatures: [a.key_id, b.key_id] });
    expect(signed.stdout + signed.stderr).not.toContain(pemB.split('\n')[1]);
    const pf = cli(ws, [
      'preflight',
      '--manifest',
      'out/release.json',
      '--trust-store',
      'trust.json',
      '--state',
      packaged.state,
      '--json',
    ]);
    const report = JSON.parse(pf.stdout) as { verdict: string; checks: Array<{ check: string; result: string }> };
    expect(report.checks.filter((c) => c.result !== 'pass')).toEqual([]);
    expect(pf.status).toBe(0);
    expect(cli(ws, ['inspect', 'out/release.json']).stdout).toContain(`signed by: ${a.key_id}, ${b.key_id}`);
  });

  it('fails preflight with ARTIFACT_HASH_MISMATCH when a file changed after packaging, and with one signature below the threshold', () => {
    const dir = mkdtempSync(join(ws, 'tamper-'));
    const rel = join(dir, 'release.json').slice(ws.length + 1);
    // A run is one chain: packaging again needs a run of its own, in its own state directory.
    const other = ['--state-dir', '.rollgate-2'];
    const lock2 = JSON.parse(
      cli(ws, [
        'lock-verify',
        'uv.lock',
        '--python-version',
        '3.12.7',
        '--pip-version',
        '24.2',
        '--installer-version',
        'uv 0.5.1',
        '--json',
        ...other,
      ]).stdout,
    ) as { state: string };
    const pkg = JSON.parse(
      cli(ws, [
        'package',
        '--output-dir',
        dir.slice(ws.length + 1),
        '--release-id',
        'v1.0.1',
        '--artifact',
        'build/app.bin',
        '--key',
        a.private_key_path,
        '--state',
        lock2.state,
        '--json',
        ...other,
      ]).stdout,
    ) as { state: string };
    writeFileSync(join(ws, 'build/app.bin'), 'the app, changed');
    const pf = cli(ws, [
      'preflight',
      '--manifest',
      rel,
      '--trust-store',
      'trust.json',
      '--state',
      pkg.state,
      '--json',
      ...other,
    ]);
    expect(pf.status).toBe(1);
    const report = JSON.parse(pf.stdout) as { checks: Array<{ check: string; codes: string[] }> };
    expect(report.checks.find((c) => c.check === 'artifacts')!.codes).toEqual([
      'ARTIFACT_HASH_MISMATCH',
      'ARTIFACT_SIZE_MISMATCH',
    ]);
    expect(report.checks.find((c) => c.check === 'signatures')!.codes).toEqual(['SIGNATURE_THRESHOLD_NOT_MET']);
    writeFileSync(join(ws, 'build/app.bin'), 'the app');
  });

  it('refuses a trust store that differs from the pin in the config', () => {
    mkdirSync(join(ws, '.github'), { recursive: true });
    writeFileSync(
      join(ws, '.github/rollgate.yml'),
      `trust:\n  trust_store: trust.json\n  trust_store_hash: "sha256:${'0'.repeat(64)}"\n`,
    );
    const pf = cli(ws, ['preflight', '--manifest', 'out/release.json']);
    expect(pf.status).toBe(1);
    expect(pf.stderr).toMatch(/TRUST_STORE_HASH_MISMATCH 2213/);
  });

  it('never writes the private key outside its file', () => {
    const pem = readFileSync(join(ws, a.private_key_path), 'utf8').split('\n')[1]!;
    const files = readdirSync(ws, { recursive: true })
      .map(String)
      .filter((f) => !f.startsWith('keys-'));
    for (const f of files) {
      try {
        expect(readFileSync(join(ws, f), 'utf8')).not.toContain(pem);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      }
    }
  });
});
