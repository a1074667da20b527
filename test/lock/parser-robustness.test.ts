// Every parser, fed hostile text, ends in a result or a LOCK_PARSE_FAILED naming the file and
// a line, never another exception; and each format's typical error is reported at its line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRollgateError } from '../../src/core/errors.js';
import { LOCK_FORMATS, REGISTRY_CONFIG_FORMATS, type InputFormat, type LockFormat } from '../../src/lock/model.js';
import { parseLockfile } from '../../src/lock/parse-lockfile.js';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { validateLockfile } from '../../src/lock/validate-lockfile.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);

const SEEDS: Record<LockFormat, string> = {
  'uv.lock': 'version = 1\n[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "https://pypi.org/simple" }\n',
  'poetry.lock': '[[package]]\nname = "a"\nversion = "1"\nfiles = []\n\n[metadata]\nlock-version = "2.0"\n',
  'requirements.txt': 'a==1 \\\n    --hash=sha256:' + 'a'.repeat(64) + '\n',
  'package-lock.json': '{"lockfileVersion":3,"packages":{"":{"name":"x"},"node_modules/a":{"version":"1.0.0"}}}',
  'pnpm-lock.yaml':
    "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-" + 'A'.repeat(86) + '==}\n',
  'yarn.lock':
    '# yarn lockfile v1\n\na@^1:\n  version "1.0.0"\n  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz"\n',
  workflow: 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n',
};

async function endsWell(format: InputFormat, text: string): Promise<void> {
  try {
    await parseLockfile(text, `file.${format}`, format);
  } catch (error) {
    if (!isRollgateError(error, 'LOCK_PARSE_FAILED')) throw error;
    expect(error.message).toMatch(new RegExp(`^file\\.${format.replace('.', '\\.')}:\\d+: `));
  }
}

describe.each(LOCK_FORMATS)('%s parser', (format) => {
  it('parses its seed', async () => {
    expect((await parseLockfile(SEEDS[format], 'seed', format)).entries.length).toBeGreaterThan(0);
  });
  it('never crashes on random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), (text) => endsWell(format, text)),
      { numRuns: RUNS },
    );
  });
  it('never crashes on mutations of a valid file', async () => {
    const seed = SEEDS[format];
    await fc.assert(
      fc.asyncProperty(fc.nat(seed.length - 1), fc.string({ maxLength: 5 }), fc.boolean(), (at, insert, cut) =>
        endsWell(format, cut ? seed.slice(0, at) : seed.slice(0, at) + insert + seed.slice(at + 1)),
      ),
      { numRuns: RUNS },
    );
  });
});

const CONFIG_SEEDS: Record<(typeof REGISTRY_CONFIG_FORMATS)[number], string> = {
  '.npmrc': 'registry=https://registry.npmjs.org/\n@a:registry="https://a.example/"\nstrict-ssl=false ; x\n',
  '.yarnrc.yml':
    'npmRegistryServer: https://registry.npmjs.org\nnpmScopes:\n  a:\n    npmRegistryServer: x\nunsafeHttpWhitelist: [h]\n',
};

describe.each(REGISTRY_CONFIG_FORMATS)('%s parser', (format) => {
  it('parses its seed into index options', async () => {
    expect((await parseLockfile(CONFIG_SEEDS[format], 'seed', format)).indexes.length).toBeGreaterThan(2);
  });
  it('never crashes on random text or mutations of a valid file', async () => {
    const seed = CONFIG_SEEDS[format];
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), (text) => endsWell(format, text)),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(seed.length - 1), fc.string({ maxLength: 5 }), (at, insert) =>
        endsWell(format, seed.slice(0, at) + insert + seed.slice(at + 1)),
      ),
      { numRuns: RUNS },
    );
  });
});

describe('requirements.txt option soup', () => {
  const WORDS = [
    '-i',
    '-f',
    '-r',
    '-c',
    '-e',
    '-x',
    '--index-url',
    '--extra-index',
    '--find-links=',
    '--pre',
    '--trusted-host',
    '--hash=sha256:' + 'a'.repeat(64),
    '--',
    '"',
    "'",
    '\\',
    '${X}',
    '$Y',
    './v',
    'https://e.example/s',
    'file:///w',
    'a==1',
    ';',
  ];
  it('ends in index options, entries and coded findings, or LOCK_PARSE_FAILED at a line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), { maxLength: 4 }),
        async (lines) => {
          const text = lines.map((l) => l.join(' ')).join('\n');
          await endsWell('requirements.txt', text);
          const lock = await parseLockfile(text, 'r.txt', 'requirements.txt').catch(() => undefined);
          if (lock) for (const f of validateLockfile(lock, defaultLockPolicy())) expect(f.line).toBeGreaterThan(0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('parse errors name the line', () => {
  it.each([
    ['uv.lock', 'version = 1\n[[package]]\nname = "a"\nversion = \n', 4],
    ['poetry.lock', '[[package]]\nname = "a"\n\n[metadata]\nlock-version = "2.0"\n[[package]]\nversion = "1"\n', 6],
    ['requirements.txt', 'a==1\n--index-url\n', 2],
    ['requirements.txt', 'a==1\n\n--pre=yes\n', 3],
    ['requirements.txt', "a==1\n--find-links './vendor\n", 2],
    ['requirements.txt', 'a==1 \\\n    --hash=sha256:zz\n', 1],
    ['package-lock.json', '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/a": 5\n  }\n}\n', 4],
    ['package-lock.json', '{\n  "lockfileVersion": 3,\n  "packages": {\n', 4],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-zz}\n", 3],
    ['workflow', 'on: push\njobs:\n  a:\n    steps:\n      - uses: [1, 2]\n', 5],
  ] as const)('%s: line %#', async (format, text, line) => {
    await expect(parseLockfile(text, 'f', format)).rejects.toMatchObject({
      code: 'LOCK_PARSE_FAILED',
      message: expect.stringMatching(new RegExp(`^f:${line}: `)) as string,
    });
  });
});
