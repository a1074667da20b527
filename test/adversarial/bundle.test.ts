// Hostile state bundles (DESIGN 5): path tricks, links and devices, names that are not hashes,
// huge declared sizes, oversize files, truncations and garbage, and bundle paths that are not
// regular files (a device, a FIFO, a directory, a socket) or that grow while read. Each is refused
// with BUNDLE_INVALID, BUNDLE_TOO_LARGE or FILE_NOT_REGULAR quickly, and the receiving store
// (already holding a run) is byte for byte unchanged, with nothing written beside the bundle.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/core/bytes.js';
import { sha256 } from '../../src/core/digest.js';
import type { ErrorCode } from '../../src/core/error-codes.js';
import type { RollgateError } from '../../src/core/errors.js';
import { DEFAULT_BUNDLE_MAX_BYTES, exportBundle, importBundle } from '../../src/store/bundle.js';
import { verifyChain } from '../../src/store/step-heads.js';
import { buildRun, makeTar, tempStore, type TarEntry } from '../store/fixtures.js';
import { TEN_MB, settle, snapshotTree } from './harness.js';

/** A raw ustar header with any size field, for sizes tar-stream would refuse to write. */
function rawHeader(name: string, sizeField: Uint8Array, typeflag = '0'): Uint8Array {
  const h = new Uint8Array(512);
  h.set(utf8(name).subarray(0, 100), 0);
  h.set(utf8('0000444\0'), 100);
  h.set(utf8('0000000\0'), 108);
  h.set(utf8('0000000\0'), 116);
  h.set(sizeField.subarray(0, 12), 124);
  h.set(utf8('00000000000\0'), 136);
  h.set(utf8('        '), 148);
  h.set(utf8(typeflag), 156);
  h.set(utf8('ustar\0'), 257);
  h.set(utf8('00'), 263);
  const sum = h.reduce((a, b) => a + b, 0);
  h.set(utf8(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return h;
}
const octalSize = (n: number) => utf8(`${n.toString(8).padStart(11, '0')}\0`);
function base256Size(n: bigint): Uint8Array {
  const field = new Uint8Array(12);
  let v = n;
  for (let i = 11; i >= 1; i--) {
    field[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  field[0] = 0x80;
  return field;
}

let entries: TarEntry[] = [];
let valid: Buffer;
const OBJECT = (hex: string) => `objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`;

beforeAll(async () => {
  const source = tempStore();
  const steps = await buildRun(source, 'run-adv', 3);
  const file = join(mkdtempSync(join(tmpdir(), 'rollgate-adv-src-')), 'state.tar');
  await exportBundle(source, steps[2]!.head_hash, file);
  valid = readFileSync(file);
  const extract = tar.extract();
  Readable.from([valid]).pipe(extract);
  for await (const entry of extract) {
    const parts: Buffer[] = [];
    for await (const c of entry) parts.push(c as Buffer);
    entries.push({ name: entry.header.name, body: new Uint8Array(Buffer.concat(parts)) });
  }
  entries = entries.slice();
});

/**
 * Imports `bundle` into a store that already holds a run; it must be refused with one of
 * `codes` within the time bound, leaving the store and the bundle's directory unchanged.
 */
async function refusedUnchanged(
  bundle: Uint8Array | ((dir: string) => string),
  codes: readonly ErrorCode[],
  options: Parameters<typeof importBundle>[2] = {},
): Promise<RollgateError> {
  const target = tempStore();
  await buildRun(target, 'run-existing', 1);
  const storeDir = dirname(target.layout.root);
  const bundleDir = mkdtempSync(join(tmpdir(), 'rollgate-adv-'));
  const file = typeof bundle === 'function' ? bundle(bundleDir) : join(bundleDir, 'bad.tar');
  if (typeof bundle !== 'function') writeFileSync(file, bundle);
  const before = [snapshotTree(storeDir), snapshotTree(bundleDir)];
  const outcome = await settle(() => importBundle(target, file, options), codes);
  expect([snapshotTree(storeDir), snapshotTree(bundleDir)]).toEqual(before);
  if (outcome.ok) throw new Error('expected a refusal, got an import');
  return outcome.error;
}

const EVIL = utf8('evil\n');
const HEX = toHex(sha256(EVIL));

describe('entry names that escape or are not object names', () => {
  it.each([
    '../evil',
    '../../rollgate-adv-escape',
    '../'.repeat(50) + 'tmp/rollgate-adv-escape',
    'objects/../../rollgate-adv-escape',
    `objects/sha256/${HEX.slice(0, 2)}/../../../../rollgate-adv-escape`,
    '/tmp/rollgate-adv-abs',
    '/etc/passwd',
    '//server/share',
    './HEAD',
    'HEAD/',
    'head',
    'HEAD ',
    'HEAD\u200b',
    `./${OBJECT(HEX)}`,
    `${OBJECT(HEX)}/`,
    OBJECT(HEX.toUpperCase()),
    `objects/sha256/${HEX.slice(0, 2)}/${HEX.slice(2, 63)}`,
    `objects/sha256/${HEX.slice(0, 2)}/${HEX.slice(2)}0`,
    `objects/sha256/${HEX.slice(0, 3)}/${HEX.slice(3)}`,
    `objects/sha256/${HEX}`,
    `objects/sha512/${HEX.slice(0, 2)}/${HEX.slice(2)}`,
    `objects//sha256/${HEX.slice(0, 2)}/${HEX.slice(2)}`,
    `objects\\sha256\\${HEX.slice(0, 2)}\\${HEX.slice(2)}`,
    'C:\\Windows\\evil',
    `objects/sha256/${HEX.slice(0, 2)}/${HEX.slice(2).replace(/[0-9]/, '\uff10')}`,
    `objects/sha256/${HEX.slice(0, 2)}/\u202e${HEX.slice(3)}`,
    '::error::pwned',
    '<img src=x onerror=alert(1)>',
    'a'.repeat(10_000),
    'objects/' + 'd/'.repeat(2_000) + 'x',
    'README',
    '',
  ])('refuses %j', async (name) => {
    await refusedUnchanged(await makeTar([...entries, { name, body: EVIL }]), ['BUNDLE_INVALID']);
    expect(existsSync('/tmp/rollgate-adv-abs')).toBe(false);
    expect(existsSync(join(tmpdir(), 'rollgate-adv-escape'))).toBe(false);
  });
});

describe('entries that are not regular files', () => {
  const rows = (
    ['symlink', 'link', 'directory', 'character-device', 'block-device', 'fifo', 'contiguous-file'] as const
  ).flatMap((type) =>
    [
      ['HEAD', '/etc/passwd'],
      [OBJECT(HEX), '../../../etc/passwd'],
      [OBJECT(HEX), 'HEAD'],
    ].map(([name, linkname]) => [type, name!, linkname!] as const),
  );
  it.each(rows)('refuses a %s named %s (to %s)', async (type, name, linkname) => {
    const others = name === 'HEAD' ? entries.slice(1) : entries;
    await refusedUnchanged(await makeTar([{ name, type, linkname }, ...others]), ['BUNDLE_INVALID']);
  });
});

describe('huge declared entry sizes', () => {
  it.each([
    ['256 MB + 1 (octal)', octalSize(DEFAULT_BUNDLE_MAX_BYTES + 1)],
    ['8 GiB - 1 (largest octal)', octalSize(8 * 1024 ** 3 - 1)],
    ['2^40 (base-256)', base256Size(2n ** 40n)],
    ['2^63 - 1 (base-256)', base256Size(2n ** 63n - 1n)],
    ['2^80 (base-256)', base256Size(2n ** 80n)],
  ])('refuses HEAD declared as %s bytes before reading it', async (_what, field) => {
    const bundle = Buffer.concat([rawHeader('HEAD', field), new Uint8Array(1024)]);
    await refusedUnchanged(bundle, ['BUNDLE_TOO_LARGE', 'BUNDLE_INVALID']);
  });

  it.each([
    ['a size of all ones (base-256, negative)', Uint8Array.from([0xff, ...new Array<number>(11).fill(0xff)])],
    ['a size that is not octal', utf8('9999999999Z\0')],
    ['an empty size field', new Uint8Array(12)],
  ])('refuses %s', async (_what, field) => {
    const bundle = Buffer.concat([rawHeader('HEAD', field), new Uint8Array(2048)]);
    await refusedUnchanged(bundle, ['BUNDLE_TOO_LARGE', 'BUNDLE_INVALID']);
  });

  it('refuses a declared size past the end of the file (a truncated body)', async () => {
    const bundle = Buffer.concat([rawHeader(OBJECT(HEX), octalSize(100_000)), new Uint8Array(1024)]);
    await refusedUnchanged(bundle, ['BUNDLE_INVALID']);
  });
});

describe('bundles over the size limit', () => {
  it('refuses a 300 MB file by its size, without reading it (sparse)', async () => {
    await refusedUnchanged(
      (dir) => {
        const file = join(dir, 'huge.tar');
        writeFileSync(file, valid);
        truncateSync(file, 300 * 1024 * 1024);
        return file;
      },
      ['BUNDLE_TOO_LARGE'],
    );
  });

  it.each([
    [
      'entries summing past maxBytes in a file within the slack',
      4_096,
      () => makeTar([...entries, ...fillers(8, 1_024)]),
    ],
    ['one entry past maxBytes', 2_048, () => makeTar([{ name: OBJECT(HEX), body: new Uint8Array(4_096) }, ...entries])],
    ['the valid bundle itself under a tiny limit', 16, () => Promise.resolve(valid)],
  ])('refuses %s', async (_what, maxBytes, build) => {
    await refusedUnchanged(await build(), ['BUNDLE_TOO_LARGE'], { maxBytes });
  });
});

/** Distinct filler objects, each named by its hash (so only the limit can refuse them). */
function fillers(count: number, size: number): TarEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const body = new Uint8Array(size).fill(i + 1);
    return { name: OBJECT(toHex(sha256(body))), body };
  });
}

describe('HEAD hostile', () => {
  it.each([
    ['invalid UTF-8', Uint8Array.from([0xff, 0xfe, 0x00])],
    ['empty', new Uint8Array(0)],
    ['uppercase hex', () => utf8(new TextDecoder().decode(entries[0]!.body).toUpperCase())],
    ['sha512', utf8(`sha512:${'a'.repeat(128)}\n`)],
    ['no prefix', () => utf8(new TextDecoder().decode(entries[0]!.body).replace('sha256:', ''))],
    ['two digests', () => utf8(new TextDecoder().decode(entries[0]!.body).repeat(2))],
    ['an unknown object', utf8(`sha256:${'0'.repeat(64)}\n`)],
    ['an evidence object that is not a step', utf8(`sha256:${HEX}\n`)],
    ['10 MB of digits', () => utf8(`sha256:${'a'.repeat(TEN_MB)}`)],
    ['a workflow command', utf8('::error::pwned\n')],
  ])('refuses a HEAD holding %s', async (_what, body) => {
    const head = typeof body === 'function' ? body() : body;
    const extra = _what.startsWith('an evidence') ? [{ name: OBJECT(HEX), body: EVIL }] : [];
    await refusedUnchanged(await makeTar([{ name: 'HEAD', body: head }, ...entries.slice(1), ...extra]), [
      'BUNDLE_INVALID',
    ]);
  });
});

describe('truncated and garbage bundles', () => {
  it.each([
    ['empty', () => new Uint8Array(0)],
    ['one zero block', () => new Uint8Array(512)],
    ['10 MB of zeros', () => new Uint8Array(TEN_MB)],
    ['10 MB of 0xff', () => new Uint8Array(TEN_MB).fill(0xff)],
    ['a gzip header', () => Uint8Array.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3])],
    ['JSON', () => utf8('{"HEAD": "sha256:00"}')],
    [
      'a header with a bad checksum',
      () => {
        const h = rawHeader('HEAD', octalSize(0));
        h[148] = 0x37;
        return Buffer.concat([h, new Uint8Array(1024)]);
      },
    ],
    ['the valid bundle with one header byte flipped', () => Uint8Array.from(valid, (b, i) => (i === 5 ? b ^ 1 : b))],
    ['the valid bundle twice (a HEAD repeated)', () => Buffer.concat([valid.subarray(0, valid.length - 1024), valid])],
  ])('refuses %s', async (_what, build) => {
    await refusedUnchanged(build(), ['BUNDLE_INVALID']);
  });

  // Cut inside the entries (the last 1,024 bytes are the end-of-archive blocks).
  it.each(Array.from({ length: 24 }, (_, i) => i))('refuses the valid bundle cut at point %i of 24', async (i) => {
    const end = valid.length - 1_024;
    const at = Math.floor((i * (end - 1)) / 23);
    await refusedUnchanged(valid.subarray(0, at), ['BUNDLE_INVALID']);
  });

  it('imports the untouched valid bundle (a control for the refusals above)', async () => {
    const target = tempStore();
    const file = join(mkdtempSync(join(tmpdir(), 'rollgate-adv-ok-')), 'ok.tar');
    writeFileSync(file, valid);
    const outcome = await settle(() => importBundle(target, file));
    expect(outcome.ok).toBe(true);
    if (outcome.ok) await expect(verifyChain(target, outcome.value.head)).resolves.toHaveLength(3);
  });
});

describe('bundle paths that are not regular files', () => {
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    // Only the writers these tests started, by their own handles.
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  function fifo(dir: string): string {
    const path = join(dir, 'state.tar');
    const made = spawnSync('mkfifo', [path]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
    return path;
  }

  it('refuses /dev/zero without reading it (it once grew to 3.4 GB)', async () => {
    await refusedUnchanged(() => '/dev/zero', ['FILE_NOT_REGULAR']);
  });

  it('refuses a symbolic link to /dev/zero (links are followed; the target is checked)', async () => {
    await refusedUnchanged(
      (dir) => {
        symlinkSync('/dev/zero', join(dir, 'state.tar'));
        return join(dir, 'state.tar');
      },
      ['FILE_NOT_REGULAR'],
    );
  });

  it('refuses a FIFO with no writer, without waiting for one', async () => {
    await refusedUnchanged(fifo, ['FILE_NOT_REGULAR']);
  });

  it('refuses a FIFO whose writer never stops', async () => {
    await refusedUnchanged(
      (dir) => {
        const path = fifo(dir);
        // `yes` would write forever once a reader opened the FIFO: import refuses it by what it
        // is, without opening it, so the writer stays blocked until afterEach kills it.
        children.push(spawn('sh', ['-c', 'exec yes rollgate > "$0"', path], { stdio: 'ignore' }));
        return path;
      },
      ['FILE_NOT_REGULAR'],
    );
  });

  it('refuses a directory, and a symbolic link to one', async () => {
    await refusedUnchanged((dir) => dir, ['FILE_NOT_REGULAR']);
    await refusedUnchanged(
      (dir) => {
        symlinkSync(mkdtempSync(join(tmpdir(), 'rollgate-adv-target-')), join(dir, 'state.tar'));
        return join(dir, 'state.tar');
      },
      ['FILE_NOT_REGULAR'],
    );
  });

  it('refuses a Unix socket', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rollgate-adv-sock-')), 'state.sock');
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path, resolve));
    await refusedUnchanged(() => path, ['FILE_NOT_REGULAR']);
  });

  it('imports through a symbolic link to a regular bundle (the documented rule)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-adv-link-'));
    writeFileSync(join(dir, 'real.tar'), valid);
    symlinkSync(join(dir, 'real.tar'), join(dir, 'state.tar'));
    const outcome = await settle(() => importBundle(tempStore(), join(dir, 'state.tar')));
    expect(outcome.ok).toBe(true);
  });

  it('stops reading a file that grows while it is read', async () => {
    // The writer runs in this process between the reader's reads: 128 KiB of zeros (tar end
    // blocks, which the parser skips) per turn of the event loop, up to 64 MiB, against the
    // reader's 64 KiB per read. Which check stops it depends on the race: stat, if the file is
    // already past the limit when opened; else the count of bytes read (bundle-growing.test.ts
    // makes that case certain); or, were the reader to catch up, the end with no HEAD. Each is
    // a refusal with the store unchanged. The file is kept apart from the bundle directory,
    // which is checked unchanged.
    const maxBytes = 8 * 1024 * 1024;
    const path = join(mkdtempSync(join(tmpdir(), 'rollgate-adv-grow-')), 'state.tar');
    writeFileSync(path, new Uint8Array(1024));
    const block = new Uint8Array(128 * 1024);
    let written = 1024;
    let stop = false;
    const grow = () => {
      if (stop || written > 8 * maxBytes) return;
      appendFileSync(path, block);
      written += block.length;
      setImmediate(grow);
    };
    try {
      // Started only now: the store is built, and the snapshots are taken synchronously after.
      const started = () => {
        grow();
        return path;
      };
      await refusedUnchanged(started, ['BUNDLE_TOO_LARGE', 'BUNDLE_INVALID'], { maxBytes });
    } finally {
      stop = true;
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });
});
