// Output flags never overwrite without a word: an existing file outside the state directory is
// replaced only with --force (FILE_EXISTS names the path and the flag), and no output flag ever
// writes inside the state directory (OUTPUT_IN_STATE_DIR), --force or not. In process through
// runCli (the registered program, no build); lock-verify resolves paths from the working
// directory, so these tests chdir into a temp workspace.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/deps.js';
import type { CliOutput } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/program.js';
import { formatDigest } from '../../src/core/digest.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { checkOutputPath } from '../../src/store/output-file.js';
import { buildRun } from '../store/fixtures.js';
import { testHost } from '../helpers/host.js';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: CliOutput = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const deps: CliDeps = { output, now: () => 1_700_000_000, env: {}, host: testHost() };
  const code = await runCli(argv, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let ws: string;
const cwd = process.cwd();
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'rollgate-out-'));
  process.chdir(ws);
});
afterEach(() => process.chdir(cwd));

const REQUIREMENTS = `idna==3.6 \\\n    --hash=sha256:${'a'.repeat(64)}\n`;
const TOOLCHAIN = ['--python-version', '3.12', '--pip-version', '24', '--installer-version', 'pip 24'];

async function storeWithHead(): Promise<string> {
  const store = new ObjectStore(join(ws, '.rollgate'));
  const steps = await buildRun(store, 'run-out', 1);
  return formatDigest(steps[0]!.head_hash);
}

describe('rollgate bundle export --out', () => {
  it('refuses an existing file outside the state directory without --force, replaces it with --force', async () => {
    const head = await storeWithHead();
    writeFileSync('trust.json', 'precious');
    const refused = await cli(['bundle', 'export', '--head', head, '--out', 'trust.json']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^error\[FILE_EXISTS 2505\]: --out trust\.json: already exists and is not replaced; pass --force to replace it/,
    );
    expect(readFileSync('trust.json', 'utf8')).toBe('precious');
    const forced = await cli(['bundle', 'export', '--head', head, '--out', 'trust.json', '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(readFileSync('trust.json').subarray(0, 4).toString()).toBe('HEAD');
    // A new file needs no --force.
    expect((await cli(['bundle', 'export', '--head', head, '--out', 'new.tar'])).code).toBe(0);
  });

  it.each([
    ['.rollgate/state.json', true],
    ['.rollgate/state.json', false],
    ['.rollgate/new-file.tar', true],
    ['.rollgate', true],
    ['./.rollgate/../.rollgate/wal/x.wal', true],
  ])('never writes inside the state directory: %s (--force %s)', async (out, force) => {
    const head = await storeWithHead();
    writeFileSync('.rollgate/state.json', '{"precious":true}');
    const run = await cli(['bundle', 'export', '--head', head, '--out', out, ...(force ? ['--force'] : [])]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error\[OUTPUT_IN_STATE_DIR 2315\]: --out .*: is inside the state directory \.rollgate/);
    expect(readFileSync('.rollgate/state.json', 'utf8')).toBe('{"precious":true}');
  });

  it('sees through a link to the state directory', async () => {
    const head = await storeWithHead();
    symlinkSync(join(ws, '.rollgate'), 'alias');
    const run = await cli(['bundle', 'export', '--head', head, '--out', 'alias/state.json', '--force']);
    expect(run.err).toMatch(/OUTPUT_IN_STATE_DIR/);
  });

  it('--force is in the help', async () => {
    const help = await cli(['bundle', 'export', '--help']);
    expect(help.out).toMatch(/--force\s+Replace an existing file at the output path/);
  });
});

describe('rollgate lock-verify --sbom-path', () => {
  it('refuses to replace an existing file (the config!) without --force; replaces it with --force', async () => {
    writeFileSync('requirements.txt', REQUIREMENTS);
    mkdirSync('.github');
    writeFileSync('.github/rollgate.yml', 'precious: true\n');
    const args = [
      'lock-verify',
      'requirements.txt',
      '--mode',
      'warn',
      ...TOOLCHAIN,
      '--sbom-path',
      '.github/rollgate.yml',
    ];
    const refused = await cli(args);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error\[FILE_EXISTS 2505\]: --sbom-path \.github\/rollgate\.yml: already exists/);
    expect(refused.err).toContain('--force');
    expect(readFileSync('.github/rollgate.yml', 'utf8')).toBe('precious: true\n');
    const forced = await cli([...args, '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(JSON.parse(readFileSync('.github/rollgate.yml', 'utf8'))).toMatchObject({ bomFormat: 'CycloneDX' });
  });

  it('never writes the SBOM over a state file', async () => {
    writeFileSync('requirements.txt', REQUIREMENTS);
    mkdirSync('.rollgate');
    writeFileSync('.rollgate/state.json', '{}');
    const run = await cli([
      'lock-verify',
      'requirements.txt',
      ...TOOLCHAIN,
      '--sbom-path',
      '.rollgate/state.json',
      '--force',
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error\[OUTPUT_IN_STATE_DIR 2315\]: --sbom-path \.rollgate\/state\.json/);
    expect(readFileSync('.rollgate/state.json', 'utf8')).toBe('{}');
  });

  it('the default SBOM path (inside the state directory, rollgate-owned) still works; --force is in the help', async () => {
    writeFileSync('requirements.txt', REQUIREMENTS);
    const run = await cli(['lock-verify', 'requirements.txt', '--mode', 'warn', ...TOOLCHAIN]);
    expect(run.code, run.err).toBe(0);
    expect((await cli(['lock-verify', '--help'])).out).toMatch(/--force\s+Replace an existing file/);
  });
});

describe('rollgate package --output-dir', () => {
  const pkg = (...extra: string[]) =>
    cli(['package', '--output-dir', 'out', '--release-id', 'v1.0.0', '--artifact', 'app.bin', ...extra]);

  it('leaves a release.json holding the same bytes, refuses other bytes without --force, replaces them with it', async () => {
    writeFileSync('app.bin', 'build 1');
    expect((await pkg()).code).toBe(0);
    const first = readFileSync('out/release.json', 'utf8');
    // The same release again: nothing to replace.
    expect((await pkg()).code).toBe(0);
    expect(readFileSync('out/release.json', 'utf8')).toBe(first);
    // Another build of v1.0.0 into the same directory.
    writeFileSync('app.bin', 'build 2');
    const refused = await pkg();
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^error\[FILE_EXISTS 2505\]: --output-dir .*out\/release\.json: already exists and is not replaced; pass --force/,
    );
    expect(readFileSync('out/release.json', 'utf8')).toBe(first);
    const forced = await pkg('--force');
    expect(forced.code, forced.err).toBe(0);
    expect(readFileSync('out/release.json', 'utf8')).not.toBe(first);
  });

  it('checks both files of a WASM deliverable before writing either', async () => {
    // The 8-byte module of no imports; its manifest is the only file with other bytes.
    writeFileSync('edge.wasm', Buffer.from('0061736d01000000', 'hex'));
    const wasm = (...extra: string[]) =>
      cli(['package', '--output-dir', 'out', '--wasm-module', 'edge.wasm', ...extra]);
    expect((await wasm()).code).toBe(0);
    const dir = 'out/edge-wasm';
    const manifest = readdirSync(dir).find((f) => f.endsWith('.manifest.json'))!;
    expect((await wasm()).code).toBe(0);
    writeFileSync(join(dir, manifest), '{"edited": true}\n');
    const refused = await wasm();
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error\[FILE_EXISTS 2505\]: --output-dir .*\.manifest\.json: already exists/);
    expect(readFileSync(join(dir, manifest), 'utf8')).toBe('{"edited": true}\n');
    expect((await wasm('--generated-unix-ms', '5', '--force')).code).toBe(0);
    expect(readFileSync(join(dir, manifest), 'utf8')).toMatch(/"generated_unix_ms": 5/);
  });

  it('never writes release.json inside the state directory', async () => {
    writeFileSync('app.bin', 'build 1');
    const run = await cli([
      'package',
      '--output-dir',
      '.rollgate',
      '--release-id',
      'v1',
      '--artifact',
      'app.bin',
      '--force',
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^error\[OUTPUT_IN_STATE_DIR 2315\]: --output-dir .*release\.json: is inside the state directory/,
    );
  });
});

describe('checkOutputPath', () => {
  it('refuses a directory as an output file, and names the flag', async () => {
    mkdirSync('out-dir');
    await expect(
      checkOutputPath({ path: 'out-dir', flag: '--out', stateDir: '.rollgate', force: true }),
    ).rejects.toThrow('--out out-dir: is a directory');
  });

  it('a name beginning with two dots inside the state directory is still inside', async () => {
    mkdirSync('.rollgate');
    await expect(
      checkOutputPath({ path: '.rollgate/..hidden', flag: '--out', stateDir: '.rollgate', force: false }),
    ).rejects.toThrow(/OUTPUT_IN_STATE_DIR|inside the state directory/);
  });
});
