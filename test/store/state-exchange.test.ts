// State between jobs through a directory transport: a real chain published by one store and
// received by another, and every kind of tampering with the stored bundle refused with its
// code while the receiving store stays exactly as it was.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { directoryTransport } from '../../src/store/directory-transport.js';
import type { ObjectStore } from '../../src/store/object-store.js';
import { publishState, receiveState, stateArtifactName } from '../../src/store/state-exchange.js';
import { verifyChain } from '../../src/store/step-heads.js';
import { buildRun, tempStore } from './fixtures.js';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), `rollgate-${prefix}-`));

function listTree(dir: string): Array<[string, string]> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d): [string, string] => {
      const path = join(d.parentPath, d.name);
      return [path, d.isFile() ? toHex(sha256(readFileSync(path))) : 'dir'];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

interface Entry {
  name: string;
  body: Uint8Array;
}

async function readTar(bytes: Uint8Array): Promise<Entry[]> {
  const extract = tar.extract();
  Readable.from([Buffer.from(bytes)]).pipe(extract);
  const out: Entry[] = [];
  for await (const entry of extract) {
    const parts: Buffer[] = [];
    for await (const c of entry) parts.push(c as Buffer);
    out.push({ name: entry.header.name, body: new Uint8Array(Buffer.concat(parts)) });
  }
  return out;
}

async function writeTar(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => pack.on('end', () => r()));
  for (const e of entries) {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: e.name, size: e.body.length }, Buffer.from(e.body), (err) => (err ? reject(err) : resolve())),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const objectEntryName = (digest: Uint8Array) => {
  const hex = toHex(digest);
  return `objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`;
};

/** A 3-step run published to a fresh directory transport. */
async function published() {
  const source = tempStore();
  const steps = await buildRun(source, 'run-x', 3);
  const head = steps[2]!.head_hash;
  const dir = temp('transport');
  const transport = directoryTransport(dir);
  const summary = await publishState(source, head, transport, temp('publish'));
  const file = join(dir, `${stateArtifactName(head)}.tar`);
  return { source, steps, head, dir, transport, summary, file };
}

/** A receiving store that already holds another run, so "untouched" is not trivially empty. */
async function receiver(): Promise<ObjectStore> {
  const store = tempStore();
  await buildRun(store, 'run-local', 1);
  return store;
}

function replaceStored(file: string, bytes: Uint8Array): void {
  chmodSync(file, 0o644);
  writeFileSync(file, bytes);
}

describe('stateArtifactName', () => {
  it('is rollgate-state-<64 hex> of the head, and guards its input', () => {
    const head = new Uint8Array(32).map((_, i) => i);
    expect(stateArtifactName(head)).toBe(`rollgate-state-${toHex(head)}`);
    expect(stateArtifactName(head)).toMatch(/^rollgate-state-[0-9a-f]{64}$/);
    expect(() => stateArtifactName(new Uint8Array(31))).toThrow(RangeError);
    expect(() => stateArtifactName('sha256:00' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('state exchange through a directory transport', () => {
  it('round-trips a real chain: the receiver verifies it and holds exactly its objects', async () => {
    const { source, steps, head, summary, dir } = await published();
    expect(summary.name).toBe(stateArtifactName(head));
    expect(readdirSync(dir)).toEqual([`${summary.name}.tar`]);
    const target = tempStore();
    const result = await receiveState(target, head, directoryTransport(dir), temp('receive'));
    expect(formatDigest(result.head)).toBe(formatDigest(head));
    expect(result.objects).toBe(summary.objects);
    await expect(verifyChain(target, head)).resolves.toHaveLength(3);
    expect((await target.list()).map(formatDigest)).toEqual((await source.list()).map(formatDigest));
    expect(steps).toHaveLength(3);
  });

  it('publishing the same state twice is a no-op; other bytes under the name are refused', async () => {
    const { source, head, transport, file } = await published();
    const before = readFileSync(file);
    await publishState(source, head, transport, temp('publish'));
    expect(readFileSync(file)).toEqual(before);
    const other = join(temp('other'), 'other.tar');
    writeFileSync(other, Buffer.concat([before, Buffer.alloc(512)]));
    await expect(transport.upload(stateArtifactName(head), other)).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect(readFileSync(file)).toEqual(before);
  });

  it('a head nobody published is STATE_ARTIFACT_MISSING, and nothing is written', async () => {
    const { dir } = await published();
    const target = await receiver();
    const before = listTree(target.layout.root);
    await expect(
      receiveState(target, sha256(new Uint8Array([1])), directoryTransport(dir), temp('receive')),
    ).rejects.toMatchObject({ code: 'STATE_ARTIFACT_MISSING' });
    expect(listTree(target.layout.root)).toEqual(before);
  });

  it('refuses bad names in the transport itself', async () => {
    const transport = directoryTransport(temp('transport'));
    await expect(transport.download('../escape', temp('x'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(transport.download('.hidden', temp('x'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  async function refusedAfter(
    tamper: (ctx: Awaited<ReturnType<typeof published>>) => Promise<void> | void,
  ): Promise<Error | undefined> {
    const ctx = await published();
    await tamper(ctx);
    const target = await receiver();
    const before = listTree(target.layout.root);
    const work = temp('receive');
    const error = await receiveState(target, ctx.head, directoryTransport(ctx.dir), work).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    expect(listTree(target.layout.root)).toEqual(before);
    expect(readdirSync(work)).toEqual([]);
    return error;
  }

  it('refuses a flipped byte in an object', async () => {
    const error = await refusedAfter(async ({ file }) => {
      const entries = await readTar(readFileSync(file));
      const victim = entries.find((e) => e.name.startsWith('objects/'))!;
      victim.body = Uint8Array.from(victim.body, (b, i) => (i === victim.body.length - 1 ? b ^ 0x01 : b));
      replaceStored(file, await writeTar(entries));
    });
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
    expect(error?.message).toMatch(/does not hash to its name/);
  });

  it('refuses a flipped byte anywhere in the stored file (raw tar bytes)', async () => {
    const error = await refusedAfter(({ file }) => {
      const bytes = new Uint8Array(readFileSync(file));
      // Inside the second entry's data block: header 512 + HEAD data 512 + header 512 + a little.
      bytes[1546] = bytes[1546]! ^ 0x20;
      replaceStored(file, bytes);
    });
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it('refuses a bundle with an object dropped', async () => {
    const error = await refusedAfter(async ({ file, steps, source }) => {
      const entries = await readTar(readFileSync(file));
      // Drop the first step's evidence: the chain cannot verify without it.
      const evidence = steps[0]!.head.evidence[0]!.digest;
      const name = objectEntryName(evidence);
      expect(entries.some((e) => e.name === name)).toBe(true);
      await expect(source.has(evidence)).resolves.toBe(true);
      replaceStored(file, await writeTar(entries.filter((e) => e.name !== name)));
    });
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
    expect(error?.message).toMatch(/chain does not verify/);
  });

  it("refuses another run's object substituted for one of this run's", async () => {
    const error = await refusedAfter(async ({ file, steps }) => {
      const other = tempStore();
      const [foreign] = await buildRun(other, 'run-other', 1);
      const foreignEvidence = foreign!.head.evidence[0]!.digest;
      const foreignBytes = await other.get(foreignEvidence);
      const mine = objectEntryName(steps[1]!.head.evidence[0]!.digest);
      const entries = await readTar(readFileSync(file));
      replaceStored(
        file,
        await writeTar(
          entries.map((e) => (e.name === mine ? { name: objectEntryName(foreignEvidence), body: foreignBytes } : e)),
        ),
      );
    });
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it("refuses another run's whole, valid bundle stored under this head's name (wrong head)", async () => {
    const error = await refusedAfter(async ({ file }) => {
      const other = tempStore();
      const [foreign] = await buildRun(other, 'run-other', 1);
      const elsewhere = directoryTransport(temp('elsewhere'));
      const { name } = await publishState(other, foreign!.head_hash, elsewhere, temp('publish'));
      replaceStored(file, readFileSync(await elsewhere.download(name, temp('fetch'))));
    });
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
    expect(error?.message).toMatch(/is not the expected/);
  });

  it('refuses a HEAD entry rewritten to an earlier head of the same run', async () => {
    const error = await refusedAfter(async ({ file, steps }) => {
      const entries = await readTar(readFileSync(file));
      const head = entries.find((e) => e.name === 'HEAD')!;
      head.body = new TextEncoder().encode(`${formatDigest(steps[1]!.head_hash)}\n`);
      replaceStored(file, await writeTar(entries));
    });
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
  });
});

it('state exchange and the directory transport load no GitHub client (artifacts come by dynamic import only)', async () => {
  const result = await build({
    entryPoints: ['src/store/state-exchange.ts', 'src/store/directory-transport.ts'],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    outdir: temp('esbuild'),
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((path) => path.includes('src/store/bundle.ts'))).toBe(true);
  expect(inputs.filter((path) => /@actions\/|@azure\/|@octokit\/|src\/github\//.test(path))).toEqual([]);
});
