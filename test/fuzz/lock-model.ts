// Parsed lockfiles generated straight in the normalized model, for the policy operators:
// names from a small pool (so entries collide, depend on each other and pair up across an
// upgrade), versions in PEP 440 and SemVer spellings and some that are neither, every source
// kind with allowed and forbidden hosts, and hashes of every algorithm, well and badly formed.
import fc from 'fast-check';
import type { Ecosystem, LockEntry, LockFormat, ParsedLockfile } from '../../src/lock/model.js';

const NAMES = ['requests', 'idna', 'a', 'b', '@scope/c', 'actions/checkout'];

/** PEP 440 and SemVer spellings: epochs, pre, post and dev releases, local versions, a `v` prefix. */
export const VERSION: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.option(fc.nat(2), { nil: undefined }),
      fc.array(fc.nat(12), { minLength: 1, maxLength: 4 }),
      fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc', 'alpha', '-beta.'), fc.nat(3)), { nil: undefined }),
      fc.option(fc.nat(2), { nil: undefined }),
      fc.option(fc.nat(2), { nil: undefined }),
      fc.option(fc.constantFrom('+local', '+ubuntu.1'), { nil: undefined }),
    )
    .map(
      ([epoch, release, pre, post, dev, local]) =>
        `${epoch ? `${epoch}!` : ''}${release.join('.')}${pre ? pre.join('') : ''}${post !== undefined ? `.post${post}` : ''}${dev !== undefined ? `.dev${dev}` : ''}${local ?? ''}`,
    ),
  fc
    .tuple(
      fc.nat(12),
      fc.nat(12),
      fc.nat(12),
      fc.option(fc.constantFrom('-alpha.1', '-rc.2', '-0', '+build.5'), { nil: '' }),
    )
    .map(([a, b, c, tail]) => `${a}.${b}.${c}${tail}`),
  fc.constantFrom('v1.2.3', 'V1.0', '1.0.0.0.0', 'latest', '', '1..2', '1.0-', '*', 'x.y.z'),
);

const HEX = fc.constantFrom('a'.repeat(64), 'b'.repeat(64), 'c'.repeat(128), 'd'.repeat(40), 'e'.repeat(32), 'AB', '');
const HASH = fc.record({ algorithm: fc.constantFrom('sha256', 'sha384', 'sha512', 'sha1', 'md5'), hex: HEX });
const URL = fc.constantFrom(
  'https://pypi.org/simple',
  'https://files.pythonhosted.org/packages/x.whl',
  'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
  'http://pypi.org/simple',
  'https://evil.example/simple',
  'not a url',
  'git+https://github.com/o/r',
);
const SOURCE = fc.record(
  {
    kind: fc.constantFrom(
      'registry',
      'git',
      'url',
      'path',
      'directory',
      'editable',
      'workspace',
      'action',
      'local-action',
      'docker',
      'unknown',
    ),
    url: URL,
    commit: fc.constantFrom('f'.repeat(40), 'main'),
    ref: fc.constantFrom('v4', 'f'.repeat(40)),
    path: fc.constantFrom('./local', '../up'),
    digest: fc.constantFrom(`sha256:${'0'.repeat(64)}`),
  },
  { requiredKeys: ['kind'] },
);

export const ENTRY: fc.Arbitrary<LockEntry> = fc
  .record(
    {
      name: fc.constantFrom(...NAMES),
      version: fc.option(VERSION, { nil: null, freq: 8 }),
      version_spec: fc.constantFrom('>=1', '^4'),
      source: SOURCE,
      artifacts: fc.array(
        fc.record(
          {
            filename: fc.constantFrom('a-1.0.0.tar.gz', 'requests-2.32.3-py3-none-any.whl', 'yarn-cache.zip'),
            url: URL,
            hashes: fc.array(HASH, { maxLength: 2 }),
            size: fc.nat(),
          },
          { requiredKeys: ['hashes'] },
        ),
        { maxLength: 2 },
      ),
      dependencies: fc.array(
        fc.record(
          { name: fc.constantFrom(...NAMES, 'unlocked'), spec: fc.constant('^1'), optional: fc.boolean() },
          { requiredKeys: ['name'] },
        ),
        { maxLength: 2 },
      ),
      line: fc.integer({ min: 1, max: 200 }),
      dev: fc.boolean(),
    },
    { requiredKeys: ['name', 'version', 'source', 'artifacts', 'dependencies', 'line'] },
  )
  .map((e) => ({ ...e, raw_name: e.name }));

const FORMATS: ReadonlyArray<[LockFormat, Ecosystem]> = [
  ['uv.lock', 'pypi'],
  ['requirements.txt', 'pypi'],
  ['package-lock.json', 'npm'],
  ['workflow', 'github-actions'],
];

export const LOCKFILE: fc.Arbitrary<ParsedLockfile> = fc
  .record({
    kind: fc.constantFrom(...FORMATS),
    entries: fc.array(ENTRY, { maxLength: 6 }),
    roots: fc.subarray(NAMES, { maxLength: 1 }),
    indexes: fc.array(
      fc.record({
        option: fc.constantFrom('index-url', 'extra-index-url', 'trusted-host'),
        value: URL,
        line: fc.nat(9),
      }),
      {
        maxLength: 2,
      },
    ),
  })
  .map(({ kind: [format, ecosystem], entries, roots, indexes }) => ({
    path: format,
    format,
    ecosystem,
    entries,
    indexes,
    roots,
  }));
