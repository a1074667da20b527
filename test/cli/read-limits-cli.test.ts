// The files an operator names on the command line are read through the bounded reader
// (docs/limits.md): a file past its kind's bound, or a device that never ends, is
// INPUT_TOO_LARGE naming the file and the limit, decided before the content is read. Runs the
// registered program in process (runCli), so it sees the source, not dist/.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/deps.js';
import type { CliOutput } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/program.js';
import { loadManifestFile } from '../../src/providers/fixture-files.js';
import { READ_LIMITS, type ReadKind } from '../../src/util/read-text.js';
import { testHost } from '../helpers/host.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-cli-limits-'));

/** A sparse file one byte over the kind's bound: no disk used, refused from its size. */
function overBound(name: string, kind: ReadKind): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, READ_LIMITS[kind] + 1);
  return path;
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: CliOutput = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const deps: CliDeps = { output, now: () => 1_700_000_000, env: {}, host: testHost() };
  const code = await runCli(argv, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function expectTooLarge(run: { code: number; err: string }, path: string, kind: ReadKind): void {
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/^error\[INPUT_TOO_LARGE 2506\]: /);
  expect(run.err).toContain(`${path}: `);
  expect(run.err).toContain(`over the ${READ_LIMITS[kind]}-byte limit for a ${kind} file`);
}

describe('command-line files are bounded', () => {
  it('rollgate gc --retention', async () => {
    const path = overBound('retention.json', 'retention');
    expectTooLarge(await cli(['gc', '--state-dir', join(dir, 'state'), '--retention', path]), path, 'retention');
  });

  it('rollgate verify-certificate', async () => {
    const path = overBound('cert.cbor', 'certificate');
    const run = await cli(['verify-certificate', path, '--trust-store', join(dir, 'no-trust.json')]);
    expectTooLarge(run, path, 'certificate');
  });

  it('rollgate inspect: the document, and an artifact that is a device', async () => {
    const path = overBound('release.json', 'release');
    expectTooLarge(await cli(['inspect', path]), path, 'release');
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ manifest_kind: 'wasm_deliverable', artifact_path: '/dev/zero' }));
    const run = await cli(['inspect', manifest]);
    expect(run.err).toMatch(/^error\[INPUT_TOO_LARGE 2506\]: \/dev\/zero: more than 134217728 bytes, over/);
  });

  it('rollgate run-fixture --fixture', async () => {
    const path = overBound('fixture.json', 'fixture');
    expectTooLarge(
      await cli(['run-fixture', '--fixture', path, '--state-dir', join(dir, 'fixture-state')]),
      path,
      'fixture',
    );
  });

  it("a fixture's WASM manifest naming a device or an oversized file is document 001's invalid manifest", async () => {
    writeFileSync(join(dir, 'device.json'), JSON.stringify({ artifact_path: '/dev/zero' }));
    expect(await loadManifestFile('device.json', dir)).toEqual({ ok: false });
    overBound('big.wasm', 'wasm');
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ artifact_path: 'big.wasm' }));
    expect(await loadManifestFile('big.json', dir)).toEqual({ ok: false });
    overBound('huge-manifest.json', 'fixture');
    expect(await loadManifestFile('huge-manifest.json', dir)).toEqual({ ok: false });
  });
});
