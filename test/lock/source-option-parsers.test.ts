// The parsers behind the source checks: pip's option grammar (shlex words, optparse's long and
// short forms and abbreviations), requirements.txt's index options with their kinds and lines,
// bare URL and path requirements, the .npmrc ini reading and the .yarnrc.yml settings; format
// detection by name, and the registry configuration found beside a lock.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { parseNpmrc, iniValue } from '../../src/lock/parsers/npmrc.js';
import { parsePipOptions, shellWords } from '../../src/lock/parsers/pip-options.js';
import { parseRequirementsTxt } from '../../src/lock/parsers/requirements-txt.js';
import { parseYarnrcYml } from '../../src/lock/parsers/yarnrc-yml.js';
import { validateLockfile } from '../../src/lock/validate-lockfile.js';
import { detectFormat, registryConfigFor } from '../../src/providers/lockfile-files.js';
import { HASH, HASHED_REQUIREMENT, workspace } from './lock-workspace.js';
import { lockfile } from './model-fixtures.js';

const options = (text: string) =>
  parsePipOptions(shellWords(text, 'f', 1), 'f', 1).map((o) => [o.option?.name ?? o.written, o.value]);

describe("pip's option grammar", () => {
  it('splits like shlex: quotes group, backslashes escape', () => {
    expect(shellWords(`-f "a b" 'c d' e\\ f "g\\"h" 'i\\j'`, 'f', 1)).toEqual([
      '-f',
      'a b',
      'c d',
      'e f',
      'g"h',
      'i\\j',
    ]);
    expect(() => shellWords('-f "a', 'f', 7)).toThrow(/^f:7: unclosed "/);
    expect(() => shellWords('-f a\\', 'f', 7)).toThrow(/^f:7: a backslash ends/);
  });

  it('reads every form optparse accepts', () => {
    expect(options('-f a --find-links b --find-links=c -fd -i e --extra-index f --pypi-url g --pre')).toEqual([
      ['find-links', 'a'],
      ['find-links', 'b'],
      ['find-links', 'c'],
      ['find-links', 'd'],
      ['index-url', 'e'],
      ['extra-index-url', 'f'],
      ['index-url', 'g'],
      ['pre', undefined],
    ]);
    // `-i=x` is the value `=x` to optparse, a bare word is an argument, `--` ends the options
    expect(options('-i=x bare -- --trusted-host h')).toEqual([['index-url', '=x']]);
  });

  it('returns an unknown or ambiguous option with the rest of the line, and stops there', () => {
    expect(options('--pre --bogus x --trusted-host h')).toEqual([
      ['pre', undefined],
      ['--bogus', '--bogus x --trusted-host h'],
    ]);
    expect(options('--e x')).toEqual([['--e', '--e x']]);
    expect(options('-x y')).toEqual([['-x', '-x y']]);
  });

  it('refuses what pip refuses: a missing value, a value for a flag', () => {
    expect(() => options('--index-url')).toThrow(/--index-url needs a value/);
    expect(() => options('-f')).toThrow(/-f needs a value/);
    expect(() => options('--pre=1')).toThrow(/--pre takes no value/);
  });
});

describe('requirements.txt index options', () => {
  it('keeps each source option with its kind and line, wherever it is written', () => {
    const lock = parseRequirementsTxt(
      [
        '--index-url https://pypi.org/simple',
        '-f ./vendor --trusted-host h',
        '# comment',
        '-r other.txt',
        '-c constraints.txt',
        '--bogus-option x',
        `idna==3.7 --extra-index-url https://x.example --hash=sha256:${HASH}`,
        '${PACKAGE}',
        '--hash=sha256:' + HASH,
        '--pre --only-binary :all: --use-feature truststore --no-index --require-hashes --prefer-binary',
      ].join('\n'),
      'requirements.txt',
    );
    expect(lock.indexes).toEqual([
      { option: 'index-url', value: 'https://pypi.org/simple', line: 1, kind: 'index' },
      { option: 'find-links', value: './vendor', line: 2, kind: 'find-links' },
      { option: 'trusted-host', value: 'h', line: 2, kind: 'insecure-host' },
      { option: 'requirement', value: 'other.txt', line: 4, kind: 'include' },
      { option: 'constraint', value: 'constraints.txt', line: 5, kind: 'include' },
      { option: '--bogus-option', value: '--bogus-option x', line: 6, kind: 'unrecognised' },
      { option: 'extra-index-url', value: 'https://x.example', line: 7, kind: 'index' },
      { option: '${PACKAGE}', value: '${PACKAGE}', line: 8, kind: 'environment' },
    ]);
    expect(lock.entries).toHaveLength(1);
    expect(lock.entries[0]).toMatchObject({ name: 'idna', version: '3.7', line: 7 });
    expect(lock.entries[0]!.artifacts[0]!.hashes).toEqual([{ algorithm: 'sha256', hex: HASH }]);
  });

  it('an index set on an option line is the source of the requirements after it', () => {
    const lock = parseRequirementsTxt(`-i https://mirror.example/simple\n${HASHED_REQUIREMENT}`, 'r.txt');
    expect(lock.entries[0]!.source).toEqual({ kind: 'registry', url: 'https://mirror.example/simple' });
  });

  it('bare URL and path requirements are direct URL and path sources', () => {
    const lock = parseRequirementsTxt(
      [
        `https://files.example/pkg-1.0-py3-none-any.whl --hash=sha256:${HASH}`,
        './vendor/local_pkg-2.0.tar.gz',
        './src/tool',
        'git+https://github.com/o/r@' + 'c'.repeat(40) + '#egg=r',
        'lib[extra] @ https://files.example/lib.zip',
      ].join('\n'),
      'r.txt',
    );
    expect(lock.entries.map((e) => [e.name, e.version, e.source.kind, e.line])).toEqual([
      ['lib', null, 'url', 5],
      ['local-pkg', '2.0', 'path', 2],
      ['pkg', '1.0', 'url', 1],
      ['r', null, 'git', 4],
      ['tool', null, 'directory', 3],
    ]);
  });
});

describe('.npmrc', () => {
  it('reads values as the ini package does', () => {
    expect(iniValue(' "https://a.example/" ')).toBe('https://a.example/');
    expect(iniValue("'https://b.example/'")).toBe('https://b.example/');
    expect(iniValue('https://c.example/ ; comment')).toBe('https://c.example/');
    expect(iniValue('https://d.example/\\#x # comment')).toBe('https://d.example/#x');
  });

  it('keeps registries, scoped registries, strict-ssl off and keys from the environment, at their lines', () => {
    const lock = parseNpmrc(
      [
        '; comment',
        '# comment',
        'registry = https://registry.npmjs.org/',
        '@corp:registry="https://npm.corp.example/"',
        '[section]',
        'Strict_SSL=false',
        'strict-ssl=true',
        'strict-ssl',
        '${KEY}=https://x.example/',
        '//registry.npmjs.org/:_authToken=${TOKEN}',
        'save-exact=true',
      ].join('\r\n'),
      '.npmrc',
    );
    expect(lock).toMatchObject({ format: '.npmrc', ecosystem: 'npm', entries: [] });
    expect(lock.indexes).toEqual([
      { option: 'registry', value: 'https://registry.npmjs.org/', line: 3, kind: 'index' },
      { option: '@corp:registry', value: 'https://npm.corp.example/', line: 4, kind: 'index' },
      { option: 'Strict_SSL', value: 'false', line: 6, kind: 'insecure-transport' },
      { option: '${KEY}', value: 'https://x.example/', line: 9, kind: 'environment' },
    ]);
  });
});

describe('.yarnrc.yml', () => {
  it('keeps each registry and weakening at its line; a lone whitelist host counts', () => {
    const lock = parseYarnrcYml(
      [
        'nodeLinker: node-modules',
        'npmRegistryServer: https://registry.npmjs.org',
        'npmScopes:',
        '  a:',
        '    npmAlwaysAuth: true',
        '  b:',
        '    npmAuthToken: x',
        '    npmRegistryServer: https://b.example',
        'unsafeHttpWhitelist: localhost',
        'enableStrictSsl: "false"',
      ].join('\n'),
      '.yarnrc.yml',
    );
    expect(lock.indexes).toEqual([
      { option: 'npmRegistryServer', value: 'https://registry.npmjs.org', line: 2, kind: 'index' },
      { option: 'npmScopes.b.npmRegistryServer', value: 'https://b.example', line: 8, kind: 'index' },
      { option: 'unsafeHttpWhitelist', value: 'localhost', line: 9, kind: 'insecure-host' },
      { option: 'enableStrictSsl', value: 'false', line: 10, kind: 'insecure-transport' },
    ]);
    expect(parseYarnrcYml('', '.yarnrc.yml').indexes).toEqual([]);
  });

  it('a file that is not a mapping, or not YAML, is LOCK_PARSE_FAILED at its line', () => {
    expect(() => parseYarnrcYml('- a\n', 'y')).toThrow(expect.objectContaining({ code: 'LOCK_PARSE_FAILED' }));
    expect(() => parseYarnrcYml('a: 1\nb: [\n', 'y')).toThrow(/^y:\d+: not valid YAML/);
  });
});

describe('index options without a kind (pip names) and the https_only switch', () => {
  const policy = defaultLockPolicy();
  it('judges pip option names without a kind as pip options', () => {
    const lock = lockfile([], {
      path: 'requirements.txt',
      format: 'requirements.txt',
      indexes: [
        { option: 'find-links', value: './wheels', line: 1 },
        { option: 'trusted-host', value: 'pypi.org', line: 2 },
        { option: 'source internal', value: 'https://internal.example/simple', line: 3 },
      ],
    });
    expect(validateLockfile(lock, policy).map((f) => [f.line, f.code, f.package])).toEqual([
      [1, 'LOCK_SOURCE_UNVERIFIABLE', '--find-links'],
      [2, 'LOCK_TRANSPORT_WEAKENED', '--trusted-host'],
    ]);
  });

  it('strict-ssl off passes only when the policy allows plain http', () => {
    const lock = parseNpmrc('strict-ssl=false\n', '.npmrc');
    expect(validateLockfile(lock, policy).map((f) => f.code)).toEqual(['LOCK_TRANSPORT_WEAKENED']);
    expect(validateLockfile(lock, { ...policy, https_only: false })).toEqual([]);
  });
});

describe('registry configuration by name and beside a lock', () => {
  it('detects .npmrc and .yarnrc.yml by name', () => {
    expect(detectFormat('web/.npmrc')).toBe('.npmrc');
    expect(detectFormat('.yarnrc.yml')).toBe('.yarnrc.yml');
  });

  it('finds .npmrc beside npm, pnpm and yarn locks, .yarnrc.yml up the tree for yarn, links followed', async () => {
    const ws = workspace({
      'a/package-lock.json': '{}',
      'a/.npmrc': '',
      'a/.yarnrc.yml': '',
      'b/c/yarn.lock': '',
      'b/c/.npmrc': '',
      'b/.yarnrc.yml': '',
      '.yarnrc.yml': '',
      'd/pnpm-lock.yaml': '',
      'configs/npmrc': '',
      'uv.lock': '',
    });
    mkdirSync(join(ws, 'e'));
    writeFileSync(join(ws, 'e/package-lock.json'), '{}');
    symlinkSync('../configs/npmrc', join(ws, 'e/.npmrc'));
    expect(await registryConfigFor('a/package-lock.json', ws)).toEqual(['a/.npmrc']);
    expect(await registryConfigFor('b/c/yarn.lock', ws)).toEqual(['b/c/.npmrc', 'b/.yarnrc.yml', '.yarnrc.yml']);
    expect(await registryConfigFor('d/pnpm-lock.yaml', ws)).toEqual([]);
    expect(await registryConfigFor('e/package-lock.json', ws)).toEqual(['e/.npmrc']);
    expect(await registryConfigFor('uv.lock', ws)).toEqual([]);
  });
});
