// Every parser, fed hostile text, ends in a result or a LOCK_PARSE_FAILED naming the file and
// a line, never another exception; and each format's typical error is reported at its line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRollgateError } from '../../src/core/errors.js';
import { LOCK_FORMATS, type LockFormat } from '../../src/lock/model.js';
import { parseLockfile } from '../../src/lock/parse-lockfile.js';

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

async function endsWell(format: LockFormat, text: string): Promise<void> {
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

describe('parse errors name the line', () => {
  it.each([
    ['uv.lock', 'version = 1\n[[package]]\nname = "a"\nversion = \n', 4],
    ['poetry.lock', '[[package]]\nname = "a"\n\n[metadata]\nlock-version = "2.0"\n[[package]]\nversion = "1"\n', 6],
    ['requirements.txt', 'a==1\n--bogus-option x\n', 2],
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
