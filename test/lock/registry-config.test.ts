// The registry configuration of npm, pnpm and yarn locks (.npmrc, .yarnrc.yml) is reviewed like
// a requirements file's index options: read beside each lockfile without being asked (and
// accepted by name in the lockfile list), each registry checked against the allowed hosts and
// https, each setting that weakens transport a finding at its file and line.
import { describe, expect, it } from 'vitest';
import { PACKAGE_LOCK, PNPM_LOCK, YARN_BERRY_LOCK, verify, where } from './lock-workspace.js';

describe('.npmrc beside npm and pnpm locks (regressions: each passed with 0 findings)', () => {
  it.each([
    ['registry=https://evil.example/', 'LOCK_HOST_NOT_ALLOWED'],
    ['@corp:registry=https://npm.corp.example/', 'LOCK_HOST_NOT_ALLOWED'],
    ['registry=http://registry.npmjs.org/', 'LOCK_INSECURE_URL'],
    ['registry=${NPM_REGISTRY}', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['registry = "file:///tmp/registry"', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['strict-ssl=false', 'LOCK_TRANSPORT_WEAKENED'],
    ['STRICT_SSL=false', 'LOCK_TRANSPORT_WEAKENED'],
  ])('package-lock.json + .npmrc `%s` → %s at .npmrc:2', async (line, code) => {
    const report = await verify({ 'package-lock.json': PACKAGE_LOCK, '.npmrc': `; project npm config\n${line}\n` }, [
      'package-lock.json',
    ]);
    expect(where(report)).toContainEqual(['.npmrc', 2, code]);
    expect(report.findings.every((f) => f.file === '.npmrc' && f.line === 2)).toBe(true);
    expect(report.lock_verdict).toBe('fail');
    expect(report.lockfiles.map((l) => [l.path, l.format])).toEqual([
      ['.npmrc', '.npmrc'],
      ['package-lock.json', 'package-lock.json'],
    ]);
  });

  it('pnpm-lock.yaml: a scoped registry on another host, strict-ssl off', async () => {
    const report = await verify(
      {
        'app/pnpm-lock.yaml': PNPM_LOCK,
        'app/.npmrc': '@corp:registry=https://npm.corp.example/\n# comment\nstrict-ssl = false ; inline comment\n',
      },
      ['app/pnpm-lock.yaml'],
    );
    expect(where(report)).toEqual([
      ['app/.npmrc', 1, 'LOCK_HOST_NOT_ALLOWED'],
      ['app/.npmrc', 3, 'LOCK_TRANSPORT_WEAKENED'],
    ]);
  });

  it('an .npmrc named in the lockfile list is read once', async () => {
    const report = await verify({ 'package-lock.json': PACKAGE_LOCK, '.npmrc': 'registry=https://evil.example/\n' }, [
      'package-lock.json',
      '.npmrc',
    ]);
    expect(where(report)).toEqual([['.npmrc', 1, 'LOCK_HOST_NOT_ALLOWED']]);
    expect(report.lockfiles).toHaveLength(2);
  });

  it('the registry of the allowlist, strict-ssl on and auth lines pass', async () => {
    const report = await verify(
      {
        'package-lock.json': PACKAGE_LOCK,
        '.npmrc': [
          'registry=https://registry.npmjs.org/',
          'strict-ssl=true',
          '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
          'save-exact=true',
          'strict-ssl',
          '',
        ].join('\n'),
      },
      ['package-lock.json'],
    );
    expect(report.findings).toEqual([]);
    expect(report.lock_verdict).toBe('pass');
  });

  it('an .npmrc away from every lockfile is not read', async () => {
    const report = await verify(
      { 'package-lock.json': PACKAGE_LOCK, 'other/.npmrc': 'registry=https://evil.example/\n' },
      ['package-lock.json'],
    );
    expect(report.findings).toEqual([]);
    expect(report.lockfiles.map((l) => l.path)).toEqual(['package-lock.json']);
  });
});

describe('.yarnrc.yml beside yarn locks (regressions: each passed with 0 findings)', () => {
  const yarnrc = [
    '# yarn config',
    'npmRegistryServer: "https://evil.example"',
    'npmScopes:',
    '  corp:',
    '    npmRegistryServer: "http://npm.corp.example"',
    'unsafeHttpWhitelist:',
    '  - "*.corp.example"',
    'enableStrictSsl: false',
    '',
  ].join('\n');

  it('each registry and each weakening is a finding at its line', async () => {
    const report = await verify({ 'yarn.lock': YARN_BERRY_LOCK, '.yarnrc.yml': yarnrc }, ['yarn.lock']);
    expect(where(report)).toEqual([
      ['.yarnrc.yml', 2, 'LOCK_HOST_NOT_ALLOWED'],
      ['.yarnrc.yml', 5, 'LOCK_HOST_NOT_ALLOWED'],
      ['.yarnrc.yml', 5, 'LOCK_INSECURE_URL'],
      ['.yarnrc.yml', 7, 'LOCK_TRANSPORT_WEAKENED'],
      ['.yarnrc.yml', 8, 'LOCK_TRANSPORT_WEAKENED'],
    ]);
    expect(report.lock_verdict).toBe('fail');
  });

  it('a registry from the environment is unverifiable', async () => {
    const report = await verify(
      {
        'yarn.lock': YARN_BERRY_LOCK,
        '.yarnrc.yml': 'npmRegistryServer: "${YARN_REGISTRY:-https://registry.npmjs.org}"\n',
      },
      ['yarn.lock'],
    );
    expect(where(report)).toEqual([['.yarnrc.yml', 1, 'LOCK_SOURCE_UNVERIFIABLE']]);
  });

  it('a .yarnrc.yml in a parent directory of the project counts too (yarn merges them)', async () => {
    const report = await verify(
      { 'web/app/yarn.lock': YARN_BERRY_LOCK, 'web/.yarnrc.yml': yarnrc.split('\n').slice(0, 2).join('\n') },
      ['web/app/yarn.lock'],
    );
    expect(where(report)).toEqual([['web/.yarnrc.yml', 2, 'LOCK_HOST_NOT_ALLOWED']]);
  });

  it('the npm registry over https with strict SSL passes', async () => {
    const report = await verify(
      {
        'yarn.lock': YARN_BERRY_LOCK,
        '.yarnrc.yml':
          'npmRegistryServer: "https://registry.npmjs.org"\nenableStrictSsl: true\nnodeLinker: node-modules\n',
      },
      ['yarn.lock'],
    );
    expect(report.findings).toEqual([]);
    expect(report.lock_verdict).toBe('pass');
  });
});
