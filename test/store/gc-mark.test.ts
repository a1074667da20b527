// gc never deletes what it could not see: when the mark phase cannot read or verify a root
// (step head file, commit pointer, WAL, golden pin) or any object on the way from one, gc stops
// with GC_MARK_INCOMPLETE before it writes its log or deletes anything. Also: a run whose WAL
// holds a certified FINALIZE but whose pointer was never published is still a certified root,
// the sweep refuses symbolic links in the store, and a sweep that fails half-way says so in the
// hash-chained log.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { formatDigest, parseDigest } from '../../src/core/digest.js';
import { isRollgateError } from '../../src/core/errors.js';
import { commitRun } from '../../src/store/commit.js';
import { collectGarbage, setPin } from '../../src/store/gc.js';
import { verifyGcLog } from '../../src/store/gc-log.js';
import { markStore } from '../../src/store/gc-mark.js';
import { objectPath } from '../../src/store/layout.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { readPointer } from '../../src/store/pointer-file.js';
import type { RetentionPolicy } from '../../src/store/retention.js';
import { recoverStore } from '../../src/store/recovery.js';
import { verifyChain, type StepResult } from '../../src/store/step-heads.js';
import { buildRun, tempStore } from './fixtures.js';

const DAY = 86_400;
const NOW = 1_800_000_000;
const POLICY: RetentionPolicy = { golden: null, certified_release: null, experimental: 30, ephemeral: 1 };

function ageAll(store: ObjectStore, seconds: number): void {
  const t = NOW - seconds;
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.isSymbolicLink()) utimesSync(path, t, t);
    }
  };
  walk(store.layout.root);
}

const certificate = utf8('certificate');

/** A certified run of three steps, an old uncertified run, and an old stray: all 400 days old. */
async function store3() {
  const store = tempStore();
  const cert = await buildRun(store, 'cert', 3);
  await commitRun(store, {
    run_id: 'cert',
    head_hash: cert[2]!.head_hash,
    certificate,
    manifest_hash: new Uint8Array(32),
    policy_bundle_hash: new Uint8Array(32),
    determinism_profile_hash: new Uint8Array(32),
  });
  const old = await buildRun(store, 'old', 2);
  const stray = await store.put(utf8('stray'));
  ageAll(store, 400 * DAY);
  return { store, cert, old, stray };
}

function snapshot(store: ObjectStore): string[] {
  const files: string[] = [];
  const walk = (dir: string, rel: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}${entry.name}/`);
      else files.push(`${rel}${entry.name}`);
    }
  };
  walk(store.layout.root, '');
  return files.sort();
}

function flipByte(path: string): void {
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  const at = bytes.length >> 1;
  bytes[at] = bytes[at]! ^ 0x40;
  writeFileSync(path, bytes);
}

async function expectRefused(store: ObjectStore, code: string, subject: RegExp): Promise<void> {
  const before = snapshot(store);
  const error: unknown = await collectGarbage(store, POLICY, NOW, false).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRollgateError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(subject);
  // Nothing deleted, no log written.
  expect(snapshot(store)).toEqual(before);
  expect(existsSync(join(store.layout.gc, 'log.jsonl'))).toBe(false);
}

const path = (store: ObjectStore, step: StepResult) => objectPath(store.layout, step.head_hash);

describe('gc refuses to delete anything when the mark phase cannot see every root', () => {
  it('the head a commit pointer names is missing (the tester demo case)', async () => {
    const { store, cert } = await store3();
    unlinkSync(path(store, cert[2]!));
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /gc deleted nothing: run cert: .*STORE_OBJECT_MISSING/);
  });

  it('the head a commit pointer names has a flipped byte', async () => {
    const { store, cert } = await store3();
    flipByte(path(store, cert[2]!));
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /STORE_OBJECT_CORRUPT/);
  });

  it('an evidence object deep in a certified chain has a flipped byte, or is missing', async () => {
    const { store, cert } = await store3();
    const evidence = objectPath(store.layout, cert[0]!.head.evidence[0]!.digest);
    flipByte(evidence);
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /STORE_OBJECT_CORRUPT/);
    unlinkSync(evidence);
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /STORE_OBJECT_MISSING/);
  });

  it('a trace segment or a checkpoint is missing', async () => {
    const { store, cert } = await store3();
    const checkpoint = objectPath(store.layout, cert[1]!.head.checkpoint!);
    renameSync(checkpoint, `${checkpoint}.aside`);
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /STORE_OBJECT_MISSING/);
  });

  it('the certificate a commit pointer names is missing', async () => {
    const { store } = await store3();
    const pointer = (await readPointer(store, 'cert'))!;
    unlinkSync(objectPath(store.layout, pointer.execution_certificate_hash!));
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /certificate/);
  });

  it('a step file names an object that is not a step head', async () => {
    const { store, stray } = await store3();
    const step = join(store.layout.steps, 'old', '1');
    chmodSync(step, 0o644);
    writeFileSync(step, `${formatDigest(stray)}\n`);
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /steps\/old\/1/);
  });

  it('a step file does not hold a digest, or cannot be read', async () => {
    const { store } = await store3();
    const step = join(store.layout.steps, 'old', '0');
    writeFileSync(step, 'not a digest\n');
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /STEP_HEAD_INVALID/);
    rmSync(step);
    mkdirSync(step);
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /steps\/old\/0/);
  });

  it('the commit pointer is not a pointer', async () => {
    const { store } = await store3();
    const pointer = join(store.layout.commits, 'cert', 'COMMITTED');
    chmodSync(pointer, 0o644);
    writeFileSync(pointer, 'garbage');
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /COMMIT_POINTER_MISMATCH/);
  });

  it('a WAL is corrupt in the middle', async () => {
    const { store } = await store3();
    const wal = join(store.layout.wal, 'cert.wal');
    const bytes = readFileSync(wal);
    bytes[10] = bytes[10]! ^ 0x01;
    writeFileSync(wal, bytes);
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /WAL_CORRUPTION/);
  });

  it('the pins file is unreadable, or names a missing object', async () => {
    const { store, stray } = await store3();
    await setPin(store, stray, true, NOW);
    ageAll(store, 400 * DAY);
    unlinkSync(objectPath(store.layout, stray));
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /golden pin sha256:[0-9a-f]{64}: STORE_OBJECT_MISSING/);
    writeFileSync(join(store.layout.gc, 'pins.json'), '{ nope');
    await expectRefused(store, 'GC_MARK_INCOMPLETE', /pins\.json/);
  });
});

// Found by the fault-injection suite: gc read the commit pointer, step head files, pins and its
// own log with readFile, which blocks forever on a FIFO and reads a link to /dev/zero until
// memory runs out (or, for a step head, fails with a RangeError: INTERNAL_ERROR). Each is now
// refused, before anything is deleted or logged.
describe('gc refuses a root or log that is not a regular file, without hanging', () => {
  const replace = (path: string, kind: 'fifo' | 'zero') => {
    rmSync(path, { force: true });
    if (kind === 'fifo') execFileSync('mkfifo', [path]);
    else symlinkSync('/dev/zero', path);
  };
  it.each([
    ['the commit pointer', 'fifo', (s: ObjectStore) => join(s.layout.commits, 'cert', 'COMMITTED')],
    ['the commit pointer', 'zero', (s: ObjectStore) => join(s.layout.commits, 'cert', 'COMMITTED')],
    ['a step head file', 'fifo', (s: ObjectStore) => join(s.layout.steps, 'old', '1')],
    ['a step head file', 'zero', (s: ObjectStore) => join(s.layout.steps, 'old', '1')],
    ['a certified step head file', 'fifo', (s: ObjectStore) => join(s.layout.steps, 'cert', '0')],
    ['gc/pins.json', 'fifo', (s: ObjectStore) => join(s.layout.gc, 'pins.json')],
  ] as const)('%s as a %s: STORE_LAYOUT_INVALID, nothing deleted', async (_, kind, where) => {
    const { store } = await store3();
    mkdirSync(store.layout.gc, { recursive: true });
    replace(where(store), kind);
    const before = snapshot(store);
    const error: unknown = await collectGarbage(store, POLICY, NOW, false).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRollgateError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toMatch(/^(GC_MARK_INCOMPLETE|STORE_LAYOUT_INVALID)$/);
    expect((error as Error).message).toMatch(/STORE_LAYOUT_INVALID|symbolic link/);
    expect(snapshot(store)).toEqual(before);
  });

  it('gc/log.jsonl as a FIFO: STORE_LAYOUT_INVALID before any deletion', async () => {
    const { store, stray } = await store3();
    mkdirSync(store.layout.gc, { recursive: true });
    replace(join(store.layout.gc, 'log.jsonl'), 'fifo');
    const error: unknown = await collectGarbage(store, POLICY, NOW, false).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRollgateError(error, 'STORE_LAYOUT_INVALID'), String(error)).toBe(true);
    expect(existsSync(objectPath(store.layout, stray))).toBe(true);
  });
});

describe('the mark phase decodes each head and trace once', () => {
  it('a 40-step run: every step head is a root reaching all below it, each object decoded at most once', async () => {
    class Counting extends ObjectStore {
      readonly decodes = new Map<string, number>();
      override async getValue(digest: Uint8Array) {
        const name = formatDigest(digest);
        this.decodes.set(name, (this.decodes.get(name) ?? 0) + 1);
        return super.getValue(digest);
      }
    }
    const built = tempStore();
    await buildRun(built, 'long', 40);
    const store = new Counting(built.layout.root);
    const mark = await markStore(store, NOW);
    expect(mark.reachable.size).toBe(40);
    expect(Math.max(...store.decodes.values())).toBe(1);
  });
});

describe('certified runs survive expiry', () => {
  it('a run whose WAL holds a certified FINALIZE but whose pointer was never published stays a root', async () => {
    const store = tempStore();
    const steps = await buildRun(store, 'crashed', 2);
    const input = {
      run_id: 'crashed',
      head_hash: steps[1]!.head_hash,
      certificate,
      manifest_hash: new Uint8Array(32),
      policy_bundle_hash: new Uint8Array(32),
      determinism_profile_hash: new Uint8Array(32),
    };
    await expect(
      commitRun(store, input, (point) => {
        if (point === 'commit:pointer') throw new Error('crash before the pointer');
      }),
    ).rejects.toThrow('crash before the pointer');
    expect(await readPointer(store, 'crashed')).toBeUndefined();
    ageAll(store, 400 * DAY);
    const report = await collectGarbage(store, POLICY, NOW, false);
    expect(report.expired_runs).toEqual([]);
    expect(report.swept).toEqual([]);
    expect(report.roots.certified_release).toBe(1);
    // Recovery can still publish the pointer afterwards.
    await recoverStore(store);
    expect(await readPointer(store, 'crashed')).toBeDefined();
    await expect(verifyChain(store, steps[1]!.head_hash)).resolves.toHaveLength(2);
  });
});

describe('the sweep never follows a symbolic link out of the store', () => {
  it('an object prefix directory that is a link is refused; the file behind it stays', async () => {
    const { store, stray } = await store3();
    const outside = mkdtempSync(join(tmpdir(), 'rollgate-outside-'));
    const hex = formatDigest(stray).slice('sha256:'.length);
    const prefix = join(store.layout.objects, hex.slice(0, 2));
    // Move the stray's directory outside and link it back in.
    const moved = join(outside, hex.slice(0, 2));
    renameSync(prefix, moved);
    symlinkSync(moved, prefix);
    await expectRefused(store, 'STORE_LAYOUT_INVALID', /symbolic link/);
    expect(existsSync(join(moved, hex.slice(2)))).toBe(true);
  });

  it('a steps directory that is a link is refused', async () => {
    const { store } = await store3();
    const outside = mkdtempSync(join(tmpdir(), 'rollgate-outside-'));
    renameSync(store.layout.steps, join(outside, 'steps'));
    symlinkSync(join(outside, 'steps'), store.layout.steps);
    await expectRefused(store, 'STORE_LAYOUT_INVALID', /symbolic link/);
    expect(readdirSync(join(outside, 'steps')).sort()).toEqual(['cert', 'old']);
  });
});

describe('a sweep that fails half-way', () => {
  it('stops, records in the log which logged actions did not happen, and says what failed', async () => {
    const { store, stray } = await store3();
    let replaced = false;
    const error: unknown = await collectGarbage(store, POLICY, NOW, false, (point) => {
      if (point !== 'gc:delete-object' || replaced) return;
      replaced = true;
      // A real failure: the stray's name is now a non-empty directory, which unlink refuses.
      const target = objectPath(store.layout, stray);
      unlinkSync(target);
      mkdirSync(join(target, 'x'), { recursive: true });
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRollgateError(error, 'FILE_WRITE_FAILED'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/gc stopped after \d+ of \d+ logged actions/);
    const logPath = join(store.layout.gc, 'log.jsonl');
    const log = await verifyGcLog(logPath);
    expect(log.problems).toEqual([]);
    const lines = readFileSync(logPath, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; subject: string; reason: string });
    const last = lines[lines.length - 1]!;
    expect(last.action).toBe('sweep_failed');
    expect(last.subject).toBe(formatDigest(stray));
    expect(last.reason).toMatch(/not done/);
    // Every action logged before the failure happened; the ones after it did not.
    const deletions = lines.filter((l) => l.action === 'delete_object').map((l) => l.subject);
    const at = deletions.indexOf(formatDigest(stray));
    for (const [i, digest] of deletions.entries()) {
      if (i === at) continue;
      const present = existsSync(objectPath(store.layout, parseDigest(digest)));
      expect(present, `${digest} (${i} vs failure at ${at})`).toBe(i > at);
    }
  });
});
