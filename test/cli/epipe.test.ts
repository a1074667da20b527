// A reader that stops early (`rollgate verify | head -1`) closes the pipe under rollgate's
// standard output: the next write fails with EPIPE. That must end output quietly, with the
// status the command would have exited with, and print nothing (no stack trace). Runs the CLI
// from source (src/cli/main.ts bundled by esbuild, as the crash harness does), not dist/.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { commitRun } from '../../src/store/commit.js';
import { objectPath } from '../../src/store/layout.js';
import { bundleScript } from '../helpers/bundle-script.js';
import { repoRoot } from '../helpers/run-dist.js';
import { buildRun, tempStore } from '../store/fixtures.js';

let cli: string;
let sound: string;
let damaged: string;

async function store(damage: boolean): Promise<string> {
  const s = tempStore();
  const steps = await buildRun(s, 'run-p', 6);
  await commitRun(s, {
    run_id: 'run-p',
    head_hash: steps[5]!.head_hash,
    certificate: utf8('cert'),
    manifest_hash: new Uint8Array(32),
    policy_bundle_hash: new Uint8Array(32),
    determinism_profile_hash: new Uint8Array(32),
  });
  if (damage) {
    for (const step of steps) {
      const path = objectPath(s.layout, step.head.evidence[0]!.digest);
      chmodSync(path, 0o644);
      writeFileSync(path, `${readFileSync(path, 'utf8')}tampered`);
    }
  }
  return s.layout.root;
}

beforeAll(async () => {
  cli = await bundleScript(resolve(repoRoot, 'src/cli/main.ts'));
  sound = await store(false);
  damaged = await store(true);
}, 120_000);

/** Runs the CLI with a reader that has closed its end before the first write. */
function closedReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })));
}

/** The same command with its output read in full: the status to expect. */
function fullReader(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

describe('EPIPE on standard output ends quietly with the usual status', () => {
  it.each([
    ['verify, sound store (status 0)', () => ['verify', '--state-dir', sound], 0],
    ['verify, damaged store (status 1, many lines)', () => ['verify', '--state-dir', damaged], 1],
    ['verify --json, damaged store', () => ['verify', '--state-dir', damaged, '--json'], 1],
    ['--help', () => ['--help'], 0],
  ])('%s', async (_name, args, status) => {
    const full = fullReader(args());
    expect(full.status).toBe(status);
    expect(full.stdout.length).toBeGreaterThan(0);
    const run = await closedReader(args());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(status);
  });

  it('`| head -1` in a real shell: one line, the status of the command, no stack', () => {
    for (const [dir, status] of [
      [damaged, 1],
      [sound, 0],
    ] as const) {
      const run = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" "${cli}" verify --state-dir "${dir}" | head -1; echo "status=\${PIPESTATUS[0]}"`],
        { encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe(`status=${status}`);
    }
  });

  it('lock-verify | head: the same', async () => {
    const ws = join(resolve(sound, '..'), 'ws');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(ws, { recursive: true });
    writeFileSync(join(ws, 'requirements.txt'), 'idna==3.6\nrequests>=2\n');
    const args = [
      'lock-verify',
      join(ws, 'requirements.txt'),
      '--python-version',
      '3',
      '--pip-version',
      '1',
      '--installer-version',
      'x',
    ];
    const full = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: ws });
    expect(full.status).toBe(1);
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ws });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});

describe('any other write error of standard output is not hidden', () => {
  it('`> /dev/full`: FILE_WRITE_FAILED naming standard output and the full disk, status 1', () => {
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" verify --state-dir "${sound}" > /dev/full`], {
      encoding: 'utf8',
    });
    expect(run.stderr).toMatch(
      /^error\[FILE_WRITE_FAILED 2504\]: standard output: cannot write \(ENOSPC\): the disk is full/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(1);
  });
});
