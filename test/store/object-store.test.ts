import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { isRollgateError } from '../../src/core/errors.js';
import { objectPath } from '../../src/store/layout.js';
import { tempStore } from './fixtures.js';

describe('ObjectStore', () => {
  it('names an object by the SHA-256 of its bytes at objects/sha256/<2>/<62>', async () => {
    const store = tempStore();
    const digest = await store.put(utf8('hello'));
    expect(formatDigest(digest)).toBe('sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(objectPath(store.layout, digest)).toMatch(
      /objects\/sha256\/2c\/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824$/,
    );
    expect(await store.get(digest)).toEqual(utf8('hello'));
  });

  it('is idempotent: a second put of the same bytes is a no-op and leaves no temporary', async () => {
    const store = tempStore();
    const a = await store.put(utf8('same'));
    const b = await store.put(utf8('same'));
    expect(a).toEqual(b);
    const dir = objectPath(store.layout, a).replace(/\/[0-9a-f]{62}$/, '');
    expect(readdirSync(dir)).toEqual([formatDigest(a).slice(9)]);
  });

  it('reports an object whose bytes were altered, on read and on a re-put, and never overwrites it', async () => {
    const store = tempStore();
    const digest = await store.put(utf8('original'));
    const path = objectPath(store.layout, digest);
    chmodSync(path, 0o644);
    writeFileSync(path, 'tampered');
    await expect(store.get(digest)).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_OBJECT_CORRUPT'));
    await expect(store.put(utf8('original'))).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_OBJECT_CORRUPT'));
    expect(await import('node:fs').then((fs) => fs.readFileSync(path, 'utf8'))).toBe('tampered');
  });

  it('reports a missing object with STORE_OBJECT_MISSING, and has() is false', async () => {
    const store = tempStore();
    const digest = sha256(utf8('absent'));
    await expect(store.get(digest)).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_OBJECT_MISSING'));
    expect(await store.has(digest)).toBe(false);
  });

  it('lists every object sorted, skipping foreign names', async () => {
    const store = tempStore();
    const digests = [await store.put(utf8('b')), await store.put(utf8('a')), await store.put(utf8('c'))];
    writeFileSync(`${store.layout.objects}/README`, 'not an object');
    expect((await store.list()).map(formatDigest)).toEqual(digests.map(formatDigest).sort());
  });

  it('round-trips canonical values by their ObjectDigest', async () => {
    const store = tempStore();
    const digest = await store.putValue({ b: 2, a: [1, 'x'] });
    expect(await store.getValue(digest)).toEqual({ a: [1, 'x'], b: 2 });
  });
});
