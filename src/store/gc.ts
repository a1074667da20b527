// `rollgate gc`: the mark phase reads and verifies every root and everything it reaches
// (gc-mark.ts, which stops gc before anything happens if it cannot), the pure planner decides,
// then (unless a dry run) the log records every action before any is done: expired runs and
// pins go, then unreachable expired objects. A failure half-way stops the sweep and appends a
// `sweep_failed` line naming the logged actions that were not done, so the log stays true.
import { rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { formatUtc } from '../core/utc-time.js';
import { noProbe, type CrashProbe } from './crash-probe.js';
import { writeFailed } from './fs-error.js';
import { appendGcLog, type GcLogEntry } from './gc-log.js';
import { markStore } from './gc-mark.js';
import { readPins, writePins } from './gc-pins.js';
import { objectPath, walPath } from './layout.js';
import type { ObjectStore } from './object-store.js';
import { planGc, type GcPlan, type RetentionPolicy } from './retention.js';

export { readPins, setPin } from './gc-pins.js';

export interface GcReport {
  readonly dry_run: boolean;
  readonly roots: { readonly golden: number; readonly certified_release: number; readonly experimental: number };
  readonly marked: number;
  readonly swept: ReadonlyArray<{ readonly digest: string; readonly class: string; readonly reason: string }>;
  readonly expired_runs: ReadonlyArray<{ readonly run_id: string; readonly class: string; readonly reason: string }>;
  readonly expired_pins: ReadonlyArray<{ readonly digest: string; readonly reason: string }>;
  readonly kept_young_unreachable: number;
  readonly log_path: string;
}

export async function collectGarbage(
  store: ObjectStore,
  policy: RetentionPolicy,
  now: number,
  dryRun: boolean,
  probe: CrashProbe = noProbe,
): Promise<GcReport> {
  const mark = await markStore(store, now);
  const plan = planGc({ policy, ...mark });
  const logPath = join(store.layout.gc, 'log.jsonl');
  if (!dryRun) await sweep(store, plan, formatUtc(now), logPath, probe);
  const live = mark.runs.filter((r) => !plan.expire_runs.some((e) => e.run_id === r.run_id));
  return {
    dry_run: dryRun,
    roots: {
      golden: mark.pins.length - plan.expire_pins.length,
      certified_release: live.filter((r) => r.certified).length,
      experimental: live.filter((r) => !r.certified).length,
    },
    marked: plan.marked.size,
    swept: plan.delete_objects,
    expired_runs: plan.expire_runs,
    expired_pins: plan.expire_pins,
    kept_young_unreachable: plan.kept_young_unreachable,
    log_path: logPath,
  };
}

interface SweepAction {
  readonly entry: Omit<GcLogEntry, 'time_utc'>;
  readonly point: string;
  /** What it removes, for the message when it fails. */
  readonly path: string;
  readonly run: () => Promise<void>;
}

function sweepActions(store: ObjectStore, plan: GcPlan): SweepAction[] {
  const { layout } = store;
  return [
    ...plan.expire_runs.map((r) => ({
      entry: { action: 'expire_run' as const, subject: r.run_id, class: r.class, reason: r.reason },
      point: 'gc:expire-run',
      path: join(layout.steps, r.run_id),
      run: async () => {
        await rm(join(layout.steps, r.run_id), { recursive: true, force: true });
        await rm(join(layout.commits, r.run_id), { recursive: true, force: true });
        await rm(walPath(layout, r.run_id), { force: true });
      },
    })),
    ...plan.expire_pins.map((p) => ({
      entry: { action: 'expire_pin' as const, subject: p.digest, class: 'golden', reason: p.reason },
      point: 'gc:expire-pin',
      path: join(layout.gc, 'pins.json'),
      run: async () =>
        writePins(
          store,
          (await readPins(store)).filter((pin) => pin.digest !== p.digest),
        ),
    })),
    ...plan.delete_objects.map((d) => {
      const path = objectPath(layout, parseDigest(d.digest));
      return {
        entry: { action: 'delete_object' as const, subject: d.digest, class: d.class, reason: d.reason },
        point: 'gc:delete-object',
        path,
        run: () =>
          unlink(path).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'ENOENT') throw error;
          }),
      };
    }),
  ];
}

async function sweep(store: ObjectStore, plan: GcPlan, time: string, logPath: string, probe: CrashProbe) {
  const actions = sweepActions(store, plan);
  // The log records every action before it happens: a crash leaves at worst a logged action
  // that was not done (the next gc plans it again), never an unlogged one.
  probe('gc:log');
  const first = await appendGcLog(
    logPath,
    actions.map((a) => ({ time_utc: time, ...a.entry })),
  );
  for (const [i, action] of actions.entries()) {
    try {
      probe(action.point);
      await action.run();
    } catch (error) {
      throw await sweepFailed(logPath, time, actions, i, first, error);
    }
  }
}

async function sweepFailed(
  logPath: string,
  time: string,
  actions: readonly SweepAction[],
  i: number,
  first: number,
  error: unknown,
): Promise<unknown> {
  const failed = actions[i]!;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const cause = error instanceof RollgateError ? error.code : typeof errno === 'string' ? errno : String(error);
  const notDone = `the ${actions.length - i} logged action(s) seq ${first + i} to ${first + actions.length - 1} were not done`;
  let logged = true;
  try {
    await appendGcLog(logPath, [
      {
        time_utc: time,
        action: 'sweep_failed',
        subject: failed.entry.subject,
        class: failed.entry.class,
        reason: `${cause}: ${notDone}`,
      },
    ]);
  } catch {
    logged = false;
  }
  // A rollgate bug stays one (exit 2); the environment's refusal is the user's to fix.
  const coded = writeFailed(failed.path, error, 'cannot remove');
  if (!(coded instanceof RollgateError)) return error;
  return new RollgateError(
    coded.code,
    `${coded.message}; gc stopped after ${i} of ${actions.length} logged actions; ${
      logged ? `${logPath} records that ${notDone}` : `${notDone}, and ${logPath} could not record it`
    }; fix the cause and run gc again`,
    { diagnostics: { path: failed.path, done: i, logged: actions.length }, cause: error },
  );
}
