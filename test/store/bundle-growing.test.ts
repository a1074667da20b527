// A bundle file that grows after stat said it was small, made certain: stat and fstat are made to
// report a small size for one path while the file holds far more. Import must count the bytes
// it reads and stop at the limit (BUNDLE_TOO_LARGE), having read no more than the limit plus
// one chunk, and leave the store untouched. The race with a real writer is in
// test/adversarial/bundle.test.ts.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { exportBundle, importBundle } from '../../src/store/bundle.js';
import { buildRun, tempStore } from './fixtures.js';

/** The path whose size stat understates, what it claims, and the bytes read from it. */
const lie = vi.hoisted(() => ({ path: '', size: 0, bytesRead: 0 }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const understate = <T extends { size: number | bigint }>(s: T): T =>
    Object.assign(s, { size: typeof s.size === 'bigint' ? BigInt(lie.size) : lie.size });
  return {
    ...actual,
    stat: async (...args: Parameters<typeof actual.stat>) => {
      const s = await actual.stat(...args);
      return String(args[0]) === lie.path ? understate(s) : s;
    },
    open: async (...args: Parameters<typeof actual.open>): Promise<FileHandle> => {
      const handle = await actual.open(...args);
      if (String(args[0]) !== lie.path) return handle;
      const stat = handle.stat.bind(handle);
      const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
      return Object.assign(handle, {
        stat: async () => understate(await stat()),
        read: async (...a: unknown[]) => {
          const result = await read(...a);
          lie.bytesRead += result.bytesRead;
          return result;
        },
      });
    },
  };
});

let valid: Buffer;
beforeEach(async () => {
  lie.bytesRead = 0;
  if (valid) return;
  const source = tempStore();
  const steps = await buildRun(source, 'run-grow', 2);
  const file = join(mkdtempSync(join(tmpdir(), 'rollgate-grow-src-')), 'state.tar');
  await exportBundle(source, steps[1]!.head_hash, file);
  valid = readFileSync(file);
});

describe('a bundle file larger than stat says', () => {
  it.each([
    ['zeros (tar end blocks, which the parser skips)', () => new Uint8Array(4 * 1024 * 1024)],
    ['a valid bundle followed by zeros', () => Buffer.concat([valid, new Uint8Array(4 * 1024 * 1024)])],
  ])('is read only up to the limit and refused: %s', async (_what, bytes) => {
    const maxBytes = 256 * 1024;
    const fileLimit = maxBytes + 64 * 1024;
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-grow-'));
    lie.path = join(dir, 'state.tar');
    lie.size = 1024;
    writeFileSync(lie.path, bytes());
    const target = tempStore();
    await expect(importBundle(target, lie.path, { maxBytes })).rejects.toMatchObject({
      code: 'BUNDLE_TOO_LARGE',
      message: expect.stringMatching(/stat said 1024/) as unknown,
    });
    expect(lie.bytesRead).toBe(fileLimit + 1);
    expect(readdirSync(dir)).toEqual(['state.tar']);
    expect(() => readdirSync(target.layout.root)).toThrow(/ENOENT/);
  });

  it('imports the valid bundle when only stat understates it (a control)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-grow-ok-'));
    lie.path = join(dir, 'state.tar');
    lie.size = 1024;
    writeFileSync(lie.path, valid);
    await expect(importBundle(tempStore(), lie.path)).resolves.toMatchObject({
      objects: expect.any(Number) as unknown,
    });
    expect(lie.bytesRead).toBe(valid.length);
  });
});
