// ValidateLockfile_v1, one table row per rule: an entry that breaks it (with the code) and one
// that satisfies it, under the strict default policy unless the row says otherwise.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/error-codes.js';
import type { LockEntry, ParsedLockfile } from '../../src/lock/model.js';
import { defaultLockPolicy, parseLockPolicy, type LockPolicy } from '../../src/lock/policy.js';
import { validateLockfile } from '../../src/lock/validate-lockfile.js';
import { SHA256, entry, lockfile } from './model-fixtures.js';

const strict = defaultLockPolicy();
const withPolicy = (yaml: string) => parseLockPolicy(yaml, 'policy.yml');
const GIT = 'https://github.com/org/lib.git';
const COMMIT = 'c'.repeat(40);

interface Row {
  rule: string;
  code: ErrorCode;
  bad: ParsedLockfile;
  good: ParsedLockfile;
  /** Policy for both sides; goodPolicy, when set, only for the satisfying side. */
  policy?: LockPolicy;
  goodPolicy?: LockPolicy;
}

const actions = (e: LockEntry) =>
  lockfile([e], { path: '.github/workflows/ci.yml', format: 'workflow', ecosystem: 'github-actions' });

const rows: Row[] = [
  {
    rule: 'exact pin',
    code: 'LOCK_UNPINNED',
    bad: lockfile([entry({ name: 'a', version: null, version_spec: '>=1' })]),
    good: lockfile([entry({ name: 'a' })]),
  },
  {
    rule: 'artifact hashed',
    code: 'LOCK_HASH_MISSING',
    bad: lockfile([entry({ name: 'a', artifacts: [] })]),
    good: lockfile([entry({ name: 'a' })]),
  },
  {
    rule: 'hash algorithm accepted (sha1 is not)',
    code: 'LOCK_HASH_WEAK',
    bad: lockfile([entry({ name: 'a', artifacts: [{ hashes: [{ algorithm: 'sha1', hex: 'd'.repeat(40) }] }] })]),
    good: lockfile([entry({ name: 'a', artifacts: [{ hashes: [{ algorithm: 'sha512', hex: 'e'.repeat(128) }] }] })]),
  },
  {
    rule: 'registry host allowed',
    code: 'LOCK_HOST_NOT_ALLOWED',
    bad: lockfile([entry({ name: 'a', source: { kind: 'registry', url: 'https://evil.example/simple' } })]),
    good: lockfile([entry({ name: 'a', source: { kind: 'registry', url: 'https://pypi.org/simple' } })]),
  },
  {
    rule: 'https only',
    code: 'LOCK_INSECURE_URL',
    bad: lockfile([entry({ name: 'a', source: { kind: 'registry', url: 'http://pypi.org/simple' } })]),
    good: lockfile([entry({ name: 'a' })]),
  },
  {
    rule: 'artifact host allowed',
    code: 'LOCK_HOST_NOT_ALLOWED',
    bad: lockfile([
      entry({
        name: 'a',
        artifacts: [{ url: 'https://mirror.example/a.whl', hashes: [{ algorithm: 'sha256', hex: SHA256 }] }],
      }),
    ]),
    good: lockfile([entry({ name: 'a' })]),
  },
  {
    rule: 'git source listed in allowed_sources',
    code: 'LOCK_SOURCE_FORBIDDEN',
    bad: lockfile([entry({ name: 'a', source: { kind: 'git', url: GIT, commit: COMMIT }, artifacts: [] })]),
    good: lockfile([entry({ name: 'a', source: { kind: 'git', url: GIT, commit: COMMIT }, artifacts: [] })]),
    goodPolicy: withPolicy(`allowed_sources:\n  - {kind: git, url: "${GIT}", commit: "${COMMIT}"}\n`),
  },
  {
    rule: 'git source pinned to the listed commit',
    code: 'LOCK_GIT_NOT_PINNED',
    bad: lockfile([entry({ name: 'a', source: { kind: 'git', url: GIT, ref: 'main' }, artifacts: [] })]),
    good: lockfile([entry({ name: 'a', source: { kind: 'git', url: GIT, commit: COMMIT }, artifacts: [] })]),
    policy: withPolicy(`allowed_sources:\n  - {kind: git, url: "${GIT}", commit: "${COMMIT}"}\n`),
  },
  {
    rule: 'path source listed (or the project itself)',
    code: 'LOCK_SOURCE_FORBIDDEN',
    bad: lockfile([entry({ name: 'werkzeug', source: { kind: 'directory', path: '../werkzeug' }, artifacts: [] })]),
    good: lockfile([entry({ name: 'app', source: { kind: 'editable', path: '.' }, artifacts: [] })], {
      roots: ['app'],
    }),
  },
  {
    rule: 'source known',
    code: 'LOCK_SOURCE_UNKNOWN',
    bad: lockfile([entry({ name: 'a', source: { kind: 'unknown' }, artifacts: [] })]),
    good: lockfile([entry({ name: 'a' })]),
  },
  {
    rule: 'strict: every edge locked',
    code: 'LOCK_UNLOCKED_DEPENDENCY',
    bad: lockfile([entry({ name: 'a', dependencies: [{ name: 'b' }] })]),
    good: lockfile([entry({ name: 'a', dependencies: [{ name: 'b' }] }), entry({ name: 'b', line: 2 })]),
  },
  {
    rule: 'action pinned to a commit SHA',
    code: 'LOCK_ACTION_NOT_PINNED',
    bad: actions(
      entry({
        name: 'actions/checkout',
        version: null,
        version_spec: 'v4',
        source: { kind: 'action', ref: 'v4' },
        artifacts: [],
      }),
    ),
    good: actions(
      entry({
        name: 'actions/checkout',
        version: COMMIT,
        source: { kind: 'action', ref: COMMIT, commit: COMMIT },
        artifacts: [],
      }),
    ),
  },
  {
    rule: 'docker image pinned by digest',
    code: 'LOCK_IMAGE_NOT_PINNED',
    bad: actions(
      entry({
        name: 'bitnami/git',
        version: null,
        source: { kind: 'docker', url: 'docker://bitnami/git:latest' },
        artifacts: [],
      }),
    ),
    good: actions(
      entry({
        name: 'bitnami/git',
        version: `sha256:${SHA256}`,
        source: { kind: 'docker', url: `docker://bitnami/git@sha256:${SHA256}`, digest: `sha256:${SHA256}` },
        artifacts: [],
      }),
    ),
  },
];

describe('ValidateLockfile_v1', () => {
  it.each(rows)('$rule: $code when broken, nothing when kept', ({ code, bad, good, policy, goodPolicy }) => {
    const broken = validateLockfile(bad, policy ?? strict);
    expect(broken.map((f) => f.code)).toContain(code);
    expect(broken.every((f) => f.file === bad.path && f.line >= 1)).toBe(true);
    expect(validateLockfile(good, goodPolicy ?? policy ?? strict)).toEqual([]);
  });

  it('allowlists unpinned actions by pattern', () => {
    const policy = withPolicy('actions:\n  allow_unpinned: ["my-org/*"]\n');
    const lock = actions(
      entry({ name: 'my-org/deploy', version: null, source: { kind: 'action', ref: 'v1' }, artifacts: [] }),
    );
    expect(validateLockfile(lock, policy)).toEqual([]);
    expect(validateLockfile(lock, strict).map((f) => f.code)).toEqual(['LOCK_ACTION_NOT_PINNED']);
  });

  it('checks index options of requirements files against the hosts', () => {
    const lock = lockfile([entry({ name: 'a' })], {
      indexes: [{ option: 'extra-index-url', value: 'https://pypi.anaconda.org/simple', line: 3 }],
    });
    expect(validateLockfile(lock, strict)).toEqual([
      expect.objectContaining({ code: 'LOCK_HOST_NOT_ALLOWED', line: 3 }),
    ]);
  });

  it('sorts findings by file, line, package and code, whatever the entry order', () => {
    const a = entry({ name: 'z', line: 9, version: null, artifacts: [] });
    const b = entry({ name: 'a', line: 2, source: { kind: 'unknown' }, artifacts: [] });
    const one = validateLockfile(lockfile([a, b]), strict);
    const two = validateLockfile(lockfile([b, a]), strict);
    expect(one).toEqual(two);
    expect(one.map((f) => [f.line, f.code])).toEqual([
      [2, 'LOCK_SOURCE_UNKNOWN'],
      [9, 'LOCK_HASH_MISSING'],
      [9, 'LOCK_UNPINNED'],
    ]);
  });
});

describe('lock policy', () => {
  it('has strict defaults in its schema', () => {
    expect(strict).toMatchObject({
      allowed_hosts: ['pypi.org', 'files.pythonhosted.org', 'registry.npmjs.org'],
      https_only: true,
      strict: true,
      hash_algorithms: ['sha256', 'sha384', 'sha512'],
    });
    expect(strict.upgrades).toMatchObject({
      major: false,
      minor: true,
      patch: true,
      hash_changed: false,
      source_changed: false,
    });
  });

  it('refuses an unknown field, a bad commit and bad YAML with LOCK_POLICY_INVALID naming the file', () => {
    for (const text of ['allowed_host: [x]\n', `allowed_sources:\n  - {kind: git, url: x, commit: abc}\n`, 'a: [\n']) {
      expect(() => parseLockPolicy(text, 'p.yml')).toThrow(
        expect.objectContaining({ code: 'LOCK_POLICY_INVALID', message: expect.stringContaining('p.yml') as string }),
      );
    }
  });
});

it('the default policy (filled by TypeBox) equals what the validator makes of an empty policy file', () => {
  expect(defaultLockPolicy()).toEqual(parseLockPolicy('', 'empty.yml'));
});
