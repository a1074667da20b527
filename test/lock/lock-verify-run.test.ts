// The whole lock-verify run: document 004's trace records, the upgrade review against a base
// read with `git show` from a real repository, and determinism of the report.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeCanonical } from '../../src/core/cbor.js';
import { runLockVerify } from '../../src/lock/lock-verify.js';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { runCliDist } from '../helpers/run-dist.js';
import { entry, lockfile } from './model-fixtures.js';

const base = {
  policy: defaultLockPolicy(),
  policy_hash: new Uint8Array(32),
  toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'uv 0.5.1' },
  platform: 'linux',
  arch: 'x64',
  mode: 'enforce' as const,
  tool: { name: 'rollgate', version: '0.1.0' },
};

describe('runLockVerify', () => {
  const lock = lockfile([
    entry({ name: 'a', line: 5, dependencies: [{ name: 'b' }] }),
    entry({ name: 'b', line: 9, version: null, version_spec: '>=1' }),
  ]);
  const result = runLockVerify({ ...base, lockfiles: [{ bytes: new TextEncoder().encode('lock'), parsed: lock }] });

  it('emits run_header, one iter per (package, check), an error record per error, and run_end', () => {
    const types = result.records.map((r) => r.record_type);
    expect(types[0]).toBe('run_header');
    expect(types.filter((t) => t === 'iter')).toHaveLength(2 * 4);
    expect(types.filter((t) => t === 'error')).toHaveLength(result.report.policy_violations);
    expect(types[types.length - 1]).toBe('run_end');
    expect(result.records.map((r) => r.t)).toEqual(result.records.map((_, i) => i));
    expect(
      result.records.find((r) => r.record_type === 'iter' && r.package === 'b' && r.check === 'pinned'),
    ).toMatchObject({ result: 'LOCK_UNPINNED' });
    expect(
      result.records.find((r) => r.record_type === 'iter' && r.package === 'a' && r.check === 'pinned'),
    ).toMatchObject({ result: 'pass' });
    expect(result.records[result.records.length - 1]).toMatchObject({ status: 'failed' });
  });

  it('is deterministic: the same inputs give the same report bytes and SBOM', () => {
    const again = runLockVerify({ ...base, lockfiles: [{ bytes: new TextEncoder().encode('lock'), parsed: lock }] });
    expect(encodeCanonical(again.report)).toEqual(encodeCanonical(result.report));
    expect(again.sbom).toEqual(result.sbom);
  });
});

describe('upgrade review against a git base ref', () => {
  it('reads the base lock with git show and reports the change', () => {
    const repo = mkdtempSync(join(tmpdir(), 'rollgate-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'user.name', 'test');
    const req = (version: string) => `idna==${version} \\\n    --hash=sha256:${'a'.repeat(64)}\n`;
    writeFileSync(join(repo, 'requirements.txt'), req('3.6'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    writeFileSync(join(repo, 'requirements.txt'), req('4.0'));
    const run = runCliDist(
      process.execPath,
      [
        'lock-verify',
        'requirements.txt',
        '--base-ref',
        'main',
        '--python-version',
        '3',
        '--pip-version',
        '1',
        '--installer-version',
        'x',
        '--json',
      ],
      { cwd: repo },
    );
    const report = JSON.parse(run.stdout) as {
      upgrade_report: { requested: boolean; allowed: boolean; changes: Array<Record<string, unknown>> };
    };
    expect(report.upgrade_report).toMatchObject({ requested: true, allowed: false });
    expect(report.upgrade_report.changes).toEqual([
      expect.objectContaining({
        package: 'idna',
        change: 'major',
        from: '3.6',
        to: '4.0',
        risk: 'high',
        allowed: false,
      }),
    ]);
    expect(run.status).toBe(1);
  });

  it('refuses a base ref that git could read as an option', async () => {
    const { readAtRef } = await import('../../src/providers/lockfile-files.js');
    await expect(readAtRef(tmpdir(), '--upload-pack=evil', 'x')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
