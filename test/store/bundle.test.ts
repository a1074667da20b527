// State bundles: a round trip, byte-identical exports, and one test per refusal, each proving
// the store is untouched and nothing is written outside it.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/core/bytes.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { exportBundle, importBundle } from '../../src/store/bundle.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { verifyChain } from '../../src/store/step-heads.js';
import { buildRun, makeTar, tempStore, type TarEntry } from './fixtures.js';

function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: false }).map(String).sort();
}

async function exported() {
  const source = tempStore();
  const steps = await buildRun(source, 'run-b', 3);
  const file = join(mkdtempSync(join(tmpdir(), 'rollgate-bundle-')), 'state.tar');
  const summary = await exportBundle(source, steps[2]!.head_hash, file);
  return { source, steps, file, summary };
}

/** The entries of an exported bundle, to rebuild hostile variants from. */
async function entriesOf(file: string): Promise<TarEntry[]> {
  const extract = tar.extract();
  const out: TarEntry[] = [];
  const { Readable } = await import('node:stream');
  Readable.from([readFileSync(file)]).pipe(extract);
  for await (const entry of extract) {
    const parts: Buffer[] = [];
    for await (const c of entry) parts.push(c as Buffer);
    out.push({ name: entry.header.name, body: new Uint8Array(Buffer.concat(parts)) });
  }
  return out;
}

describe('state bundles', () => {
  it('round-trips: every reachable object arrives and the chain verifies in the new store', async () => {
    const { source, steps, file, summary } = await exported();
    const target = tempStore();
    const result = await importBundle(target, file, { expectedHead: steps[2]!.head_hash });
    expect(result.objects).toBe(summary.objects);
    await expect(verifyChain(target, steps[2]!.head_hash)).resolves.toHaveLength(3);
    expect((await target.list()).map(formatDigest)).toEqual((await source.list()).map(formatDigest));
  });

  it('exports the same bytes for the same state', async () => {
    const { source, steps, file } = await exported();
    const again = join(mkdtempSync(join(tmpdir(), 'rollgate-bundle-')), 'again.tar');
    await exportBundle(source, steps[2]!.head_hash, again);
    expect(readFileSync(again)).toEqual(readFileSync(file));
  });

  async function refused(bundle: Buffer | string, code: string, options: Parameters<typeof importBundle>[2] = {}) {
    const target = tempStore();
    const before = listTree(target.layout.root);
    const file = typeof bundle === 'string' ? bundle : join(mkdtempSync(join(tmpdir(), 'rollgate-bad-')), 'bad.tar');
    if (typeof bundle !== 'string') writeFileSync(file, bundle);
    await expect(importBundle(target, file, options)).rejects.toMatchObject({ code });
    expect(listTree(target.layout.root)).toEqual(before);
  }

  it.each([
    ['an absolute path', '/tmp/rollgate-evil-abs'],
    ['a .. segment', '../../rollgate-evil-dotdot'],
    ['a name that is not an object name', 'objects/sha256/zz/notahash'],
    ['an unknown entry', 'README'],
  ])('refuses %s', async (_what, name) => {
    const { file } = await exported();
    const entries = await entriesOf(file);
    await refused(await makeTar([...entries, { name, body: utf8('evil') }]), 'BUNDLE_INVALID');
    expect(existsSync('/tmp/rollgate-evil-abs')).toBe(false);
    expect(existsSync(join(tmpdir(), 'rollgate-evil-dotdot'))).toBe(false);
  });

  it.each([
    ['a symlink', 'symlink'],
    ['a hard link', 'link'],
    ['a directory', 'directory'],
    ['a character device', 'character-device'],
    ['a fifo', 'fifo'],
  ] as const)('refuses %s', async (_what, type) => {
    const { file } = await exported();
    const entries = await entriesOf(file);
    await refused(
      await makeTar([...entries, { name: 'objects/sha256/aa/' + 'b'.repeat(62), type, linkname: '/etc/passwd' }]),
      'BUNDLE_INVALID',
    );
  });

  it('refuses an object whose bytes do not match its name (a flipped byte)', async () => {
    const { file } = await exported();
    const entries = await entriesOf(file);
    const victim = entries[1]!;
    victim.body = Uint8Array.from(victim.body!, (b, i) => (i === 0 ? b ^ 1 : b));
    await refused(await makeTar(entries), 'BUNDLE_INVALID');
  });

  it('refuses a bundle with an object dropped (the chain cannot verify)', async () => {
    const { file } = await exported();
    const entries = await entriesOf(file);
    await refused(await makeTar(entries.filter((_, i) => i !== 2)), 'BUNDLE_INVALID');
  });

  it("refuses another run's object substituted in, and a HEAD other than the expected one", async () => {
    const { file, steps } = await exported();
    const other = tempStore();
    const [foreign] = await buildRun(other, 'run-other', 1);
    const foreignBytes = await other.get(foreign!.head_hash);
    const hex = toHex(sha256(foreignBytes));
    const entries = await entriesOf(file);
    await refused(
      await makeTar([...entries, { name: `objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`, body: foreignBytes }]),
      'BUNDLE_INVALID',
    );
    await refused(readFileSync(file), 'BUNDLE_INVALID', { expectedHead: steps[0]!.head_hash });
  });

  it('refuses a duplicate entry, a missing HEAD and a truncated tar', async () => {
    const { file } = await exported();
    const entries = await entriesOf(file);
    await refused(await makeTar([...entries, entries[1]!]), 'BUNDLE_INVALID');
    await refused(await makeTar(entries.slice(1)), 'BUNDLE_INVALID');
    const bytes = readFileSync(file);
    await refused(bytes.subarray(0, Math.floor(bytes.length / 2) + 100), 'BUNDLE_INVALID');
  });

  it('refuses a bundle over the size limit before reading it', async () => {
    const { file } = await exported();
    await refused(file, 'BUNDLE_TOO_LARGE', { maxBytes: 1024 });
    expect(statSync(file).size).toBeGreaterThan(1024);
  });
});

it('ObjectStore is unchanged by importing the same bundle twice (idempotent)', async () => {
  const { file } = await exported();
  const target = new ObjectStore(join(mkdtempSync(join(tmpdir(), 'rollgate-twice-')), '.rollgate'));
  await importBundle(target, file);
  const first = listTree(target.layout.root);
  await importBundle(target, file);
  expect(listTree(target.layout.root)).toEqual(first);
});
