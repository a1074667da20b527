import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { isRollgateError } from '../../src/core/errors.js';
import { objectPath } from '../../src/store/layout.js';
import { ObjectStore } from '../../src/store/object-store.js';
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

  // Found by the fault-injection suite: every read of an object used readFile, which blocks
  // forever on a FIFO and reads a link to /dev/zero until memory runs out (bundle export and
  // import, recover and commit hung on such a store).
  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path])],
    ['a symbolic link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
    ['a directory', (path: string) => mkdirSync(path)],
  ])('an object that is %s is STORE_LAYOUT_INVALID on get and on put, and left as it is', async (_, make) => {
    const store = tempStore();
    const digest = await store.put(utf8('evidence'));
    const path = objectPath(store.layout, digest);
    rmSync(path);
    make(path);
    const before = lstatSync(path);
    await expect(store.get(digest)).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_LAYOUT_INVALID'));
    await expect(store.getValue(digest)).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_LAYOUT_INVALID'));
    await expect(store.put(utf8('evidence'))).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_LAYOUT_INVALID'));
    await expect(store.has(digest)).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_LAYOUT_INVALID'));
    expect(lstatSync(path).mode).toBe(before.mode);
    expect(readdirSync(dirname(path))).toEqual([path.slice(-62)]);
  });

  it('a put of an object already there with the same bytes writes nothing', async () => {
    const points: string[] = [];
    const root = tempStore().layout.root;
    const store = new ObjectStore(root, (point) => void points.push(point));
    await store.put(utf8('once'));
    expect(points).toContain('write:temp');
    points.length = 0;
    await store.putMany([utf8('once'), utf8('once')]);
    expect(points).toEqual([]);
  });

  // Found by the fault-injection suite: putMany rejected at the first failure while its other
  // writes went on, so `bundle import` reported its error with temporaries (and objects) still
  // being written into the store behind it.
  it('putMany: a failure is thrown once the writes under way have ended, and no temporary is left', async () => {
    const store = tempStore();
    const items = Array.from({ length: 200 }, (_, i) => utf8(`object ${i}`));
    const bad = await store.put(items[0]!);
    chmodSync(objectPath(store.layout, bad), 0o644);
    writeFileSync(objectPath(store.layout, bad), 'tampered');
    await expect(store.putMany(items, 32)).rejects.toSatisfy((e) => isRollgateError(e, 'STORE_OBJECT_CORRUPT'));
    const leftovers: string[] = [];
    for (const prefix of readdirSync(store.layout.objects))
      for (const name of readdirSync(`${store.layout.objects}/${prefix}`))
        if (name.endsWith('.tmp')) leftovers.push(name);
    expect(leftovers).toEqual([]);
  });
});
