// Hostile lockfiles: every parser (uv.lock, poetry.lock, requirements.txt, package-lock.json,
// pnpm-lock.yaml, yarn.lock, workflows) fed truncations, wrong types, duplicate keys, broken
// UTF-8, 10 MB lines, deep nesting and hostile names ends in a result or LOCK_PARSE_FAILED,
// quickly; a result validates to coded findings, and hostile names reach the summary inert.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/error-codes.js';
import { fromUtf8 } from '../../src/core/bytes.js';
import { lockVerifySummary } from '../../src/summaries/lock-verify-summary.js';
import { runLockVerify } from '../../src/lock/lock-verify.js';
import { LOCK_FORMATS, type LockFormat, type ParsedLockfile } from '../../src/lock/model.js';
import { parseLockfile } from '../../src/lock/parse-lockfile.js';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { validateLockfile } from '../../src/lock/validate-lockfile.js';
import { TEN_MB, TIME_BOUND_MS, cutPoints, nested, settle } from './harness.js';

const H = 'a'.repeat(64);
const SRI = 'sha512-' + 'A'.repeat(86) + '==';

/** One valid document per format, with two entries and an edge, to cut and mutate. */
const VALID: Record<LockFormat, string> = {
  'uv.lock': [
    'version = 1',
    'requires-python = ">=3.12"',
    '',
    '[[package]]',
    'name = "requests"',
    'version = "2.32.3"',
    'source = { registry = "https://pypi.org/simple" }',
    'dependencies = [{ name = "idna" }]',
    `sdist = { url = "https://files.pythonhosted.org/packages/requests-2.32.3.tar.gz", hash = "sha256:${H}", size = 10 }`,
    '',
    '[[package]]',
    'name = "idna"',
    'version = "3.7"',
    'source = { registry = "https://pypi.org/simple" }',
    `wheels = [{ url = "https://files.pythonhosted.org/packages/idna-3.7-py3-none-any.whl", hash = "sha256:${H}", size = 10 }]`,
    '',
  ].join('\n'),
  'poetry.lock': [
    '[[package]]',
    'name = "requests"',
    'version = "2.32.3"',
    'description = "x"',
    'optional = false',
    'python-versions = ">=3.8"',
    `files = [{file = "requests-2.32.3.tar.gz", hash = "sha256:${H}"}]`,
    '',
    '[package.dependencies]',
    'idna = ">=2.5"',
    '',
    '[[package]]',
    'name = "idna"',
    'version = "3.7"',
    'description = "x"',
    'optional = false',
    'python-versions = ">=3.5"',
    `files = [{file = "idna-3.7-py3-none-any.whl", hash = "sha256:${H}"}]`,
    '',
    '[metadata]',
    'lock-version = "2.0"',
    'python-versions = "^3.12"',
    'content-hash = "abc"',
    '',
  ].join('\n'),
  'requirements.txt': [
    '# via pip-compile',
    `requests==2.32.3 \\`,
    `    --hash=sha256:${H}`,
    `idna==3.7 ; python_version >= "3.8" \\`,
    `    --hash=sha256:${H}`,
    '',
  ].join('\n'),
  'package-lock.json': JSON.stringify(
    {
      name: 'x',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'x', dependencies: { a: '^1.0.0' } },
        'node_modules/a': {
          version: '1.0.0',
          resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
          integrity: SRI,
          dependencies: { b: '^2.0.0' },
        },
        'node_modules/b': { version: '2.0.0', resolved: 'https://registry.npmjs.org/b/-/b-2.0.0.tgz', integrity: SRI },
      },
    },
    null,
    2,
  ),
  'pnpm-lock.yaml': [
    "lockfileVersion: '9.0'",
    'importers:',
    '  .:',
    '    dependencies:',
    '      a:',
    '        specifier: ^1.0.0',
    '        version: 1.0.0',
    'packages:',
    '  a@1.0.0:',
    `    resolution: {integrity: ${SRI}}`,
    '  b@2.0.0:',
    `    resolution: {integrity: ${SRI}}`,
    'snapshots:',
    '  a@1.0.0:',
    '    dependencies:',
    '      b: 2.0.0',
    '  b@2.0.0: {}',
    '',
  ].join('\n'),
  'yarn.lock': [
    '# yarn lockfile v1',
    '',
    'a@^1.0.0:',
    '  version "1.0.0"',
    '  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz#abc"',
    `  integrity ${SRI}`,
    '  dependencies:',
    '    b "^2.0.0"',
    '',
    'b@^2.0.0:',
    '  version "2.0.0"',
    '  resolved "https://registry.yarnpkg.com/b/-/b-2.0.0.tgz#abc"',
    `  integrity ${SRI}`,
    '',
  ].join('\n'),
  workflow: [
    'name: ci',
    'on: push',
    'permissions: {}',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: actions/checkout@${'1'.repeat(40)} # v4`,
    '      - run: npm test',
    '  call:',
    `    uses: octo/repo/.github/workflows/w.yml@${'2'.repeat(40)}`,
    '',
  ].join('\n'),
};

/** A parse result or LOCK_PARSE_FAILED naming the file and a line; a result validates to coded findings. */
async function parsesSanely(format: LockFormat, text: string, boundMs?: number): Promise<ParsedLockfile | undefined> {
  const path = `hostile.${format}`;
  const outcome = await settle(() => parseLockfile(text, path, format), ['LOCK_PARSE_FAILED'], boundMs);
  if (!outcome.ok) {
    expect(outcome.error.message).toMatch(/^hostile\.\S+:\d+: /);
    return undefined;
  }
  const lock = outcome.value;
  expect(lock.format).toBe(format);
  for (const e of lock.entries) {
    expect(typeof e.name).toBe('string');
    expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
  }
  for (const f of validateLockfile(lock, defaultLockPolicy())) expect(Object.keys(ERROR_CODES)).toContain(f.code);
  return lock;
}

describe('the valid literals parse (so the mutations below start from something real)', () => {
  it.each(LOCK_FORMATS)('%s', async (format) => {
    const lock = await parsesSanely(format, VALID[format]);
    expect(lock?.entries.length).toBeGreaterThanOrEqual(2);
  });
});

describe('truncated documents: a valid literal cut at many offsets', () => {
  const rows = LOCK_FORMATS.flatMap((format) => cutPoints(VALID[format].length, 16).map((at) => [format, at] as const));
  it.each(rows)('%s cut at %i', async (format, at) => {
    await parsesSanely(format, VALID[format].slice(0, at));
  });
});

describe('wrong types', () => {
  it.each([
    ['uv.lock', 'version = 1\npackage = 5\n'],
    ['uv.lock', 'version = 1\npackage = "x"\n'],
    ['uv.lock', 'version = 1\n[[package]]\nname = 5\nversion = "1"\n'],
    ['uv.lock', 'version = 1\n[[package]]\nname = "a"\nversion = [1]\n'],
    ['uv.lock', 'version = 1\n[[package]]\nname = "a"\nversion = "1"\nsource = "pypi"\n'],
    ['uv.lock', 'version = 1\n[[package]]\nname = "a"\nversion = "1"\nsource = { registry = 1 }\nwheels = "w"\n'],
    ['uv.lock', 'version = 1\n[[package]]\nname = "a"\nversion = "1"\ndependencies = { name = "b" }\n'],
    ['uv.lock', 'version = "one"\n'],
    ['poetry.lock', 'package = []\n[metadata]\nlock-version = 2\n'],
    ['poetry.lock', '[[package]]\nname = "a"\nversion = 1.5\nfiles = "x"\n[metadata]\nlock-version = "2.0"\n'],
    ['poetry.lock', '[[package]]\nname = ["a"]\nversion = "1"\n[metadata]\nlock-version = "2.0"\n'],
    ['poetry.lock', '[[package]]\nname = "a"\nversion = "1"\nfiles = [1, 2]\n[metadata]\nlock-version = "2.0"\n'],
    [
      'poetry.lock',
      '[[package]]\nname = "a"\nversion = "1"\nfiles = []\nsource = 7\n[metadata]\nlock-version = "2.0"\n',
    ],
    ['poetry.lock', 'metadata = 3\n'],
    ['package-lock.json', '[]'],
    ['package-lock.json', 'null'],
    ['package-lock.json', '42'],
    ['package-lock.json', '"lockfileVersion"'],
    ['package-lock.json', '{"lockfileVersion":"3","packages":{}}'],
    ['package-lock.json', '{"lockfileVersion":3,"packages":[]}'],
    ['package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/a":{"version":1}}}'],
    ['package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","integrity":5}}}'],
    ['package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","resolved":[]}}}'],
    ['package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","dependencies":"b"}}}'],
    ['package-lock.json', '{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","requires":7}}}'],
    ['package-lock.json', '{"lockfileVersion":1,"dependencies":{"a":"1.0.0"}}'],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages: 5\n"],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages: [a, b]\n"],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: sha512\n"],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: 7\n"],
    ['pnpm-lock.yaml', 'lockfileVersion: 9\npackages:\n  a@1.0.0:\n    resolution: {integrity: [1]}\n'],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\nsnapshots:\n  a@1.0.0:\n    dependencies: [b]\n"],
    ['pnpm-lock.yaml', '- a\n- b\n'],
    ['pnpm-lock.yaml', '"just text"\n'],
    ['yarn.lock', '# yarn lockfile v1\n\na@^1:\n  version 1\n'],
    ['yarn.lock', '# yarn lockfile v1\n\na@^1:\n  dependencies "b"\n'],
    ['yarn.lock', '__metadata:\n  version: 6\n\n"a@npm:^1":\n  version: [1, 2]\n  resolution: 5\n'],
    ['yarn.lock', '__metadata:\n  version: 6\n\n"a@npm:^1":\n  version: 1.0.0\n  dependencies: 5\n'],
    ['yarn.lock', '__metadata: 5\n'],
    ['workflow', 'on: push\njobs: []\n'],
    ['workflow', 'on: push\njobs:\n  a: 5\n'],
    ['workflow', 'on: push\njobs:\n  a:\n    steps: 5\n'],
    ['workflow', 'on: push\njobs:\n  a:\n    steps:\n      - uses: 5\n'],
    ['workflow', 'on: push\njobs:\n  a:\n    steps:\n      - 5\n'],
    ['workflow', 'on: push\njobs:\n  a:\n    uses: {x: 1}\n'],
    ['workflow', '[1, 2, 3]\n'],
    ['workflow', 'runs:\n  using: composite\n  steps: {a: 1}\n'],
  ] as const)('%s #%#', async (format, text) => {
    await parsesSanely(format, text);
  });
});

describe('duplicate keys and entries', () => {
  it.each([
    ['uv.lock', 'version = 1\nversion = 1\n', true],
    ['uv.lock', 'version = 1\n[[package]]\nname = "a"\nname = "b"\nversion = "1"\n', true],
    ['poetry.lock', '[metadata]\nlock-version = "2.0"\n[metadata]\nlock-version = "2.0"\n', true],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\nlockfileVersion: '6.0'\n", true],
    [
      'pnpm-lock.yaml',
      `lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: ${SRI}}\n  a@1.0.0:\n    resolution: {integrity: ${SRI}}\n`,
      true,
    ],
    ['workflow', 'on: push\njobs:\n  a:\n    runs-on: x\n  a:\n    runs-on: y\n', true],
    ['package-lock.json', '{"lockfileVersion":3,"lockfileVersion":2,"packages":{}}', false],
    [
      'package-lock.json',
      '{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0"},"node_modules/a":{"version":"2.0.0"}}}',
      false,
    ],
    [
      'yarn.lock',
      `# yarn lockfile v1\n\na@^1:\n  version "1.0.0"\n  integrity ${SRI}\n\na@^1:\n  version "2.0.0"\n  integrity ${SRI}\n`,
      false,
    ],
    ['requirements.txt', `a==1 --hash=sha256:${H}\na==2 --hash=sha256:${H}\n`, false],
    [
      'uv.lock',
      `version = 1\n[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "https://pypi.org/simple" }\n[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "https://pypi.org/simple" }\n`,
      false,
    ],
  ] as const)('%s #%#', async (format, text, mustRefuse) => {
    const lock = await parsesSanely(format, text);
    if (mustRefuse) expect(lock).toBeUndefined();
  });
});

describe('invalid UTF-8', () => {
  const BAD_BYTES = [
    [0xff],
    [0xc3, 0x28],
    [0xe2, 0x82],
    [0xed, 0xa0, 0x80], // an encoded surrogate
    [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    [0xc0, 0xaf], // overlong '/'
  ];
  it.each(BAD_BYTES.map((bytes) => [Buffer.from(bytes).toString('hex')]))(
    'the reader refuses the bytes %s before any parser sees them',
    (hex) => {
      expect(() => fromUtf8(Buffer.from(hex, 'hex'))).toThrow();
    },
  );
  // What a lossy reader would hand on: U+FFFD, and lone surrogates from a careless decoder.
  const rows = LOCK_FORMATS.flatMap((format) =>
    ['\ufffd', '\ud800', '\udfff\ud800'].map((junk) => [format, JSON.stringify(junk), junk] as const),
  );
  it.each(rows)('%s with %s inside a name', async (format, _label, junk) => {
    const text = VALID[format].replace(/\ba(?=@|")|requests|checkout/, (m) => `${m}${junk}`);
    await parsesSanely(format, text);
  });
});

/** A 10 MB line placed where each format would read it: a name, a comment, a value. */
const HUGE = 'x'.repeat(TEN_MB);
const huge = (format: LockFormat, where: string, build: () => string, boundMs = TIME_BOUND_MS) =>
  [format, where, build, boundMs] as const;
const HUGE_LINES = [
  huge('uv.lock', 'a comment', () => `# ${HUGE}\n${VALID['uv.lock']}`),
  huge('uv.lock', 'a name', () => `version = 1\n[[package]]\nname = "${HUGE}"\nversion = "1"\n`),
  huge('uv.lock', 'no newline', () => HUGE),
  huge('poetry.lock', 'a description', () =>
    VALID['poetry.lock'].replace('description = "x"', `description = "${HUGE}"`),
  ),
  huge('poetry.lock', 'no newline', () => `[[package]]\nname = "${HUGE}`),
  huge('requirements.txt', 'a requirement', () => `${HUGE}==1 --hash=sha256:${H}\n`),
  huge('requirements.txt', 'a comment', () => `# ${HUGE}\n${VALID['requirements.txt']}`),
  huge('requirements.txt', 'continuations', () => 'a==1 \\\n'.repeat(200_000)),
  huge('package-lock.json', 'a version string', () => VALID['package-lock.json'].replace('"1.0.0"', `"${HUGE}"`)),
  huge('package-lock.json', 'whitespace', () => ' '.repeat(TEN_MB) + VALID['package-lock.json']),
  huge('package-lock.json', 'an unterminated string', () => `{"lockfileVersion":3,"packages":{"${HUGE}`),
  huge(
    'pnpm-lock.yaml',
    'a key',
    () => `lockfileVersion: '9.0'\npackages:\n  ${HUGE}@1.0.0:\n    resolution: {integrity: ${SRI}}\n`,
  ),
  huge('pnpm-lock.yaml', 'a comment', () => `# ${HUGE}\n${VALID['pnpm-lock.yaml']}`),
  huge('yarn.lock', 'a version', () => VALID['yarn.lock'].replace('"1.0.0"', `"${HUGE}"`)),
  // The classic grammar (@yarnpkg/parsers) reads ~0.6 s per MB, linearly (1, 2, 4, 8 MB measured):
  // slow but no blow-up, so this row gets a wider bound.
  huge('yarn.lock', 'no newline', () => `# yarn lockfile v1\n\n${HUGE}`, 20_000),
  huge('workflow', 'a uses', () => `on: push\njobs:\n  a:\n    steps:\n      - uses: ${HUGE}@v1\n`),
  huge('workflow', 'a run', () => `on: push\njobs:\n  a:\n    steps:\n      - run: ${HUGE}\n`),
];

describe('10 MB single lines', () => {
  it.each(HUGE_LINES)('%s: %s', async (format, _where, build, boundMs) => {
    await parsesSanely(format, build(), boundMs);
  });
});

describe('deep nesting', () => {
  const DEPTH = 100_000;
  it.each([
    ['package-lock.json', 'arrays', () => nested('[', ']', DEPTH)],
    [
      'package-lock.json',
      'objects in packages',
      () => `{"lockfileVersion":3,"packages":${nested('{"a":', '}', DEPTH, '1')}}`,
    ],
    [
      'package-lock.json',
      'arrays in a version',
      () => `{"lockfileVersion":3,"packages":{"node_modules/a":{"version":${nested('[', ']', DEPTH)}}}}`,
    ],
    ['uv.lock', 'inline arrays', () => `version = 1\nx = ${nested('[', ']', DEPTH)}\n`],
    ['uv.lock', 'inline tables', () => `version = 1\nx = ${nested('{a=', '}', DEPTH, '1')}\n`],
    [
      'poetry.lock',
      'inline arrays',
      () => `[[package]]\nname = "a"\nversion = "1"\nfiles = ${nested('[', ']', DEPTH)}\n`,
    ],
    ['poetry.lock', 'dotted table headers', () => `[${Array.from({ length: 10_000 }, () => 'a').join('.')}]\nb = 1\n`],
    ['pnpm-lock.yaml', 'flow sequences', () => `lockfileVersion: '9.0'\npackages: ${nested('[', ']', DEPTH)}\n`],
    ['pnpm-lock.yaml', 'flow maps', () => `lockfileVersion: '9.0'\npackages: ${nested('{a: ', '}', DEPTH, '1')}\n`],
    [
      'pnpm-lock.yaml',
      'block sequences',
      () => Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}-`).join('\n'),
    ],
    ['workflow', 'flow sequences', () => `on: push\njobs: ${nested('[', ']', DEPTH)}\n`],
    ['workflow', 'block maps', () => Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
    [
      'yarn.lock',
      'indented blocks',
      () => Array.from({ length: 2_000 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n'),
    ],
    [
      'yarn.lock',
      'berry flow',
      () => `__metadata:\n  version: 6\n\n"a@npm:1":\n  version: ${nested('[', ']', DEPTH)}\n`,
    ],
    ['requirements.txt', 'nested -r options', () => '-r '.repeat(DEPTH) + 'x.txt\n'],
  ] as const)('%s: %s', async (format, _what, build) => {
    await parsesSanely(format, build());
  });
});

describe('YAML alias bombs', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'packages: &p [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  ].join('\n');
  it.each([
    ['pnpm-lock.yaml', `lockfileVersion: '9.0'\n${bomb}\n`],
    ['workflow', `on: push\n${bomb}\njobs: {a: {steps: *p}}\n`],
    ['yarn.lock', `__metadata:\n  version: 6\n${bomb}\n`],
  ] as const)('%s', async (format, text) => {
    await parsesSanely(format, text);
  });
});

/** Look-alikes of real names: Cyrillic and Greek letters, full-width forms, invisible joiners, bidi overrides. */
const CONFUSABLES = [
  ['Cyrillic e', 'r\u0435quests'],
  ['Cyrillic a', 'ur\u04301lib3'],
  ['Greek omicron', 'b\u03bfto3'],
  ['full-width', '\uff52\uff45\uff51\uff55\uff45\uff53\uff54\uff53'],
  ['zero-width joiner', 're\u200dquests'],
  ['zero-width space', 'requests\u200b'],
  ['bidi override', 'req\u202eststseu'],
  ['dotless i', 'p\u0131llow'],
  ['combining mark', 'requ\u0301ests'],
] as const;

function withName(format: LockFormat, name: string): string {
  switch (format) {
    case 'uv.lock':
      return `version = 1\n[[package]]\nname = ${JSON.stringify(name)}\nversion = "1.0.0"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/packages/x-1.0.0.tar.gz", hash = "sha256:${H}" }\n`;
    case 'poetry.lock':
      return `[[package]]\nname = ${JSON.stringify(name)}\nversion = "1.0.0"\nfiles = [{file = "x-1.0.0.tar.gz", hash = "sha256:${H}"}]\n\n[metadata]\nlock-version = "2.0"\n`;
    case 'requirements.txt':
      return `${name}==1.0.0 \\\n    --hash=sha256:${H}\n`;
    case 'package-lock.json':
      return JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'x' },
          [`node_modules/${name}`]: {
            version: '1.0.0',
            resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz',
            integrity: SRI,
          },
        },
      });
    case 'pnpm-lock.yaml':
      return `lockfileVersion: '9.0'\npackages:\n  ${JSON.stringify(`${name}@1.0.0`)}:\n    resolution: {integrity: ${SRI}}\n`;
    case 'yarn.lock':
      return `# yarn lockfile v1\n\n${JSON.stringify(`${name}@^1.0.0`)}:\n  version "1.0.0"\n  resolved "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz"\n  integrity ${SRI}\n`;
    case 'workflow':
      return `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ${JSON.stringify(`${name}/${name}@v1`)}\n`;
  }
}

const ASCII_TWINS = ['requests', 'urllib3', 'boto3', 'django-keys', 'pillow'];

describe('unicode confusables in package names', () => {
  const rows = LOCK_FORMATS.flatMap((format) => CONFUSABLES.map(([what, name]) => [format, what, name] as const));
  it.each(rows)('%s: %s', async (format, _what, name) => {
    const lock = await parsesSanely(format, withName(format, name));
    if (!lock) return;
    // Sane: a look-alike folded into the name of the package it imitates never passes as that
    // package pinned (requirements.txt reads `requests\u200b==1.0.0` as requests with the
    // unpinned specifier `\u200b==1.0.0`, which fails LOCK_UNPINNED).
    const findings = validateLockfile(lock, defaultLockPolicy());
    for (const e of lock.entries.filter((x) => ASCII_TWINS.includes(x.name))) {
      expect(findings.some((f) => f.package === e.name && f.severity === 'error')).toBe(true);
    }
  });
});

/** Names that try to become workflow commands in the log or HTML in the job summary. */
const INJECTIONS = [
  ['a workflow command', '::error::pwned'],
  ['set-output', '::set-output name=x::y'],
  ['add-mask', '::add-mask::secret'],
  ['stop-commands', '::stop-commands::token'],
  ['an image with onerror', '<img src=x onerror=alert(1)>'],
  ['a script tag', '<script>alert(1)</script>'],
  ['a Markdown image', '![x](https://evil.example/x.png)'],
  ['a table break', 'a|b\n|c|'],
  ['a newline then a command', 'a\n::error::pwned'],
  ['a CR then a command', 'a\r::warning::pwned'],
  ['an ANSI escape', 'a\u001b[31mred'],
] as const;

describe('workflow-command text and HTML in names', () => {
  const rows = LOCK_FORMATS.flatMap((format) => INJECTIONS.map(([what, name]) => [format, what, name] as const));
  it.each(rows)('%s: %s', async (format, _what, name) => {
    const lock = await parsesSanely(format, withName(format, name));
    if (!lock) return;
    const bytes = new TextEncoder().encode(withName(format, name));
    const { report } = runLockVerify({
      lockfiles: [{ bytes, parsed: lock }],
      policy: defaultLockPolicy(),
      policy_hash: new Uint8Array(32),
      toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'uv 0.5.1' },
      platform: 'linux',
      arch: 'x64',
      mode: 'enforce',
      tool: { name: 'rollgate', version: '0.1.0' },
    });
    const summary = lockVerifySummary(report, 'sha256:' + '0'.repeat(64));
    expect(summary).not.toMatch(/<(img|script)/i);
    expect(summary).not.toMatch(/!\[x\]\(/);
    expect(summary.split('\n').some((line) => line.startsWith('::'))).toBe(false);
    // eslint-disable-next-line no-control-regex -- the point is that no raw escape survives
    expect(summary).not.toMatch(/\u001b/);
  });
});
