import { describe, expect, it } from 'vitest';
import { evaluateUpgrade } from '../../src/lock/evaluate-upgrade.js';
import { defaultLockPolicy, parseLockPolicy } from '../../src/lock/policy.js';
import { versionDelta } from '../../src/lock/version-compare.js';
import { SHA256, entry, lockfile } from './model-fixtures.js';

const policy = defaultLockPolicy();

describe('versionDelta', () => {
  it.each([
    ['pypi', '1.2.3', '1.2.4', 'patch'],
    ['pypi', '1.2.3', '1.3.0', 'minor'],
    ['pypi', '1.9', '2.0', 'major'],
    ['pypi', '1.10', '1.9', 'downgrade'],
    ['pypi', '1.2.3', '1.3.0rc1', 'prerelease'],
    ['pypi', '1.0', '1.0.0', 'same'],
    ['npm', '4.17.20', '4.17.21', 'patch'],
    ['npm', '4.17.21', '5.0.0', 'major'],
    ['npm', '1.2.3', '1.2.3-beta.1', 'downgrade'],
    ['npm', '1.2.3', '1.3.0-beta.1', 'prerelease'],
  ] as const)('%s %s → %s is %s', (eco, from, to, delta) => {
    expect(versionDelta(eco, from, to)).toBe(delta);
  });
});

describe('EvaluateUpgradeRequest_v1', () => {
  const base = lockfile([
    entry({ name: 'a', version: '1.0.0' }),
    entry({ name: 'b', version: '2.0.0' }),
    entry({ name: 'c', version: '3.0.0' }),
  ]);

  it('lists added, removed, upgraded and downgraded packages with risk and allowance', () => {
    const proposal = lockfile([
      entry({ name: 'a', version: '1.0.1' }),
      entry({ name: 'b', version: '3.0.0' }),
      entry({ name: 'd', version: '0.1.0' }),
    ]);
    const report = evaluateUpgrade(base, proposal, policy);
    expect(report.changes.map((c) => [c.package, c.change, c.from, c.to, c.risk, c.allowed])).toEqual([
      ['a', 'patch', '1.0.0', '1.0.1', 'low', true],
      ['b', 'major', '2.0.0', '3.0.0', 'high', false],
      ['c', 'removed', '3.0.0', null, 'low', true],
      ['d', 'added', null, '0.1.0', 'medium', true],
    ]);
    expect(report.allowed).toBe(false);
    expect(report.findings).toEqual([expect.objectContaining({ code: 'UPGRADE_DISALLOWED', package: 'b' })]);
  });

  it('flags a hash changed at the same version, and a source change', () => {
    const proposal = lockfile([
      entry({ name: 'a', version: '1.0.0', artifacts: [{ hashes: [{ algorithm: 'sha256', hex: 'f'.repeat(64) }] }] }),
      entry({ name: 'b', version: '2.0.0', source: { kind: 'registry', url: 'https://evil.example/simple' } }),
      entry({ name: 'c', version: '3.0.0' }),
    ]);
    const report = evaluateUpgrade(base, proposal, policy);
    expect(report.changes.map((c) => [c.package, c.change, c.risk])).toEqual([
      ['a', 'hash_changed', 'critical'],
      ['b', 'source_changed', 'critical'],
    ]);
    expect(report.findings.map((f) => f.code)).toEqual(['UPGRADE_HASH_CHANGED', 'UPGRADE_DISALLOWED']);
  });

  it('adding hashes for new platforms at the same version is no change', () => {
    const proposal = lockfile([
      entry({
        name: 'a',
        version: '1.0.0',
        artifacts: [
          { hashes: [{ algorithm: 'sha256', hex: SHA256 }] },
          { hashes: [{ algorithm: 'sha256', hex: 'e'.repeat(64) }] },
        ],
      }),
      entry({ name: 'b', version: '2.0.0' }),
      entry({ name: 'c', version: '3.0.0' }),
    ]);
    expect(evaluateUpgrade(base, proposal, policy).changes).toEqual([]);
  });

  it('follows the policy: majors allowed when it says so', () => {
    const lenient = parseLockPolicy('upgrades: {major: true}\n', 'p.yml');
    const proposal = lockfile([
      entry({ name: 'a', version: '2.0.0' }),
      entry({ name: 'b', version: '2.0.0' }),
      entry({ name: 'c', version: '3.0.0' }),
    ]);
    expect(evaluateUpgrade(base, proposal, lenient).allowed).toBe(true);
  });

  it('pairs several versions of one npm package in order', () => {
    const npm = { format: 'package-lock.json', ecosystem: 'npm', path: 'package-lock.json' } as const;
    const before = lockfile(
      [entry({ name: 'x', version: '1.0.0' }), entry({ name: 'x', version: '2.0.0', line: 2 })],
      npm,
    );
    const after = lockfile(
      [entry({ name: 'x', version: '1.1.0' }), entry({ name: 'x', version: '2.0.1', line: 2 })],
      npm,
    );
    expect(evaluateUpgrade(before, after, policy).changes.map((c) => [c.from, c.to, c.change])).toEqual([
      ['1.0.0', '1.1.0', 'minor'],
      ['2.0.0', '2.0.1', 'patch'],
    ]);
  });
});
