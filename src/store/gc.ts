// `rollgate gc`: gathers the runs, pins, reachable sets and ages of a store, plans with the
// pure planner, then (unless a dry run) expires runs and sweeps objects, logging each action
// in the hash-chained GC log before it happens.
import { readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { formatUtc } from '../core/utc-time.js';
import { writeFileAtomic } from './atomic-write.js';
import { appendGcLog } from './gc-log.js';
import { commitPointerPath, objectPath, walPath } from './layout.js';
import { readdirIfPresent, type ObjectStore } from './object-store.js';
import { readPointer } from './pointer-file.js';
import { planGc, type GcRun, type RetentionPolicy } from './retention.js';
import { readStepHead, reachableFrom } from './step-heads.js';
import { listRuns } from './verify-store.js';

export interface GcReport {
  readonly dry_run: boolean;
  readonly roots: { readonly golden: number; readonly certified_release: number; readonly experimental: number };
  readonly marked: number;
  readonly swept: ReadonlyArray<{ readonly digest: string; readonly class: string; readonly reason: string }>;
  readonly expired_runs: ReadonlyArray<{ readonly run_id: string; readonly reason: string }>;
  readonly kept_young_unreachable: number;
  readonly log_path: string;
}

const pinsPath = (store: ObjectStore) => join(store.layout.gc, 'pins.json');

export async function readPins(store: ObjectStore): Promise<string[]> {
  try {
    const value = JSON.parse(await readFile(pinsPath(store), 'utf8')) as unknown;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error('not a list of digests');
    return value.map((v) => formatDigest(parseDigest(v, 'gc/pins.json')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RollgateError('STORE_LAYOUT_INVALID', `${pinsPath(store)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export async function setPin(store: ObjectStore, head: Uint8Array, pinned: boolean): Promise<string[]> {
  const text = formatDigest(head);
  if (pinned) await store.get(head);
  const pins = new Set(await readPins(store));
  if (pinned) pins.add(text);
  else pins.delete(text);
  const list = [...pins].sort();
  await writeFileAtomic(pinsPath(store), `${JSON.stringify(list, null, 2)}\n`);
  return list;
}

async function mtimeSeconds(path: string): Promise<number | undefined> {
  try {
    return Math.floor((await stat(path)).mtimeMs / 1000);
  } catch {
    return undefined;
  }
}

async function gatherRun(store: ObjectStore, runId: string, now: number): Promise<GcRun> {
  const roots: string[] = [];
  const times: number[] = [];
  for (const name of await readdirIfPresent(join(store.layout.steps, runId))) {
    if (!/^\d+$/.test(name)) continue;
    const head = await readStepHead(store, runId, Number(name));
    if (head) roots.push(formatDigest(head));
    const t = await mtimeSeconds(join(store.layout.steps, runId, name));
    if (t !== undefined) times.push(t);
  }
  const pointer = await readPointer(store, runId);
  if (pointer) {
    roots.push(formatDigest(pointer.head_hash));
    if (pointer.execution_certificate_hash) roots.push(formatDigest(pointer.execution_certificate_hash));
  }
  for (const path of [commitPointerPath(store.layout, runId), walPath(store.layout, runId)]) {
    const t = await mtimeSeconds(path);
    if (t !== undefined) times.push(t);
  }
  return {
    run_id: runId,
    certified: pointer?.execution_certificate_hash != null,
    age_seconds: now - Math.max(0, ...times),
    roots: [...new Set(roots)],
  };
}

export async function collectGarbage(
  store: ObjectStore,
  policy: RetentionPolicy,
  now: number,
  dryRun: boolean,
): Promise<GcReport> {
  const runs = await Promise.all((await listRuns(store)).map((r) => gatherRun(store, r, now)));
  const pins = await readPins(store);
  const reachable = new Map<string, ReadonlySet<string>>();
  for (const root of [...pins, ...runs.flatMap((r) => r.roots)]) {
    if (reachable.has(root)) continue;
    const digest = parseDigest(root);
    // A certificate is a leaf object; a head reaches its chain.
    reachable.set(
      root,
      (await store.has(digest)) && !(await isLeaf(store, digest))
        ? await reachableFrom(store, digest)
        : new Set([root]),
    );
  }
  const objects = [];
  for (const digest of await store.list()) {
    objects.push({
      digest: formatDigest(digest),
      age_seconds: now - ((await mtimeSeconds(objectPath(store.layout, digest))) ?? now),
    });
  }
  const plan = planGc({ policy, runs, pins, reachable, objects });
  const logPath = join(store.layout.gc, 'log.jsonl');
  if (!dryRun) {
    const time = formatUtc(now);
    // The log records every action before it happens: a crash leaves at worst a logged
    // deletion whose file is still there, never an unlogged one.
    await appendGcLog(logPath, [
      ...plan.expire_runs.map((r) => ({
        time_utc: time,
        action: 'expire_run' as const,
        subject: r.run_id,
        class: 'experimental',
        reason: r.reason,
      })),
      ...plan.delete_objects.map((d) => ({
        time_utc: time,
        action: 'delete_object' as const,
        subject: d.digest,
        class: d.class,
        reason: d.reason,
      })),
    ]);
    for (const run of plan.expire_runs) {
      await rm(join(store.layout.steps, run.run_id), { recursive: true, force: true });
      await rm(join(store.layout.commits, run.run_id), { recursive: true, force: true });
      await rm(walPath(store.layout, run.run_id), { force: true });
    }
    for (const d of plan.delete_objects)
      await unlink(objectPath(store.layout, parseDigest(d.digest))).catch(() => undefined);
  }
  const rootsOf = (cls: 'certified_release' | 'experimental') =>
    runs.filter(
      (r) => (cls === 'certified_release') === r.certified && !plan.expire_runs.some((e) => e.run_id === r.run_id),
    ).length;
  return {
    dry_run: dryRun,
    roots: {
      golden: pins.length,
      certified_release: rootsOf('certified_release'),
      experimental: rootsOf('experimental'),
    },
    marked: plan.marked.size,
    swept: plan.delete_objects,
    expired_runs: plan.expire_runs,
    kept_young_unreachable: plan.kept_young_unreachable,
    log_path: logPath,
  };
}

/** Whether an object is something other than a step head (a certificate): it reaches only itself. */
async function isLeaf(store: ObjectStore, digest: Uint8Array): Promise<boolean> {
  try {
    const value = await store.getValue(digest);
    return !(typeof value === 'object' && value !== null && 'head_version' in value);
  } catch {
    return true;
  }
}
