// Retention and GC planning (document 000 II.H, DESIGN 5). Pure: the runs, pins, reachable
// sets and ages arrive as data; the plan says what to delete and why. Roots are golden pins,
// certified runs and experimental runs younger than their class's minimum age; every object
// they reach keeps the strongest class among them and is never deleted. An unreached object is
// deleted only once it is older than the ephemeral minimum age, a grace period that protects
// what a running step has written and not yet linked into a head.
import { Type, type Static } from '@sinclair/typebox';
import { compareText } from '../core/errors.js';
import { SECONDS_PER_DAY } from '../core/utc-time.js';

export const RETENTION_CLASSES = ['golden', 'certified_release', 'experimental', 'ephemeral'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

const Days = (fallback: number | null, description: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { default: fallback, description });

export const RetentionPolicySchema = Type.Object(
  {
    golden: Days(null, 'minimum age in days before pinned (golden) evidence may go; null: never'),
    certified_release: Days(null, 'minimum age in days of a certified run before it stops being a root; null: never'),
    experimental: Days(30, 'minimum age in days of an uncertified run before it expires'),
    ephemeral: Days(1, 'minimum age in days of an unreachable object before it is swept'),
  },
  { additionalProperties: false, default: {} },
);
export type RetentionPolicy = Static<typeof RetentionPolicySchema>;

export interface GcRun {
  readonly run_id: string;
  readonly certified: boolean;
  /** Seconds since the newest of its step heads, WAL and pointer was written. */
  readonly age_seconds: number;
  /** Digest texts of its heads (and of its certificate, for a certified run). */
  readonly roots: readonly string[];
}

export interface GcInputs {
  readonly policy: RetentionPolicy;
  readonly runs: readonly GcRun[];
  /** Golden pins: head digest texts. */
  readonly pins: readonly string[];
  /** Everything each root reaches, itself included. */
  readonly reachable: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every object in the store with its age in seconds. */
  readonly objects: ReadonlyArray<{ readonly digest: string; readonly age_seconds: number }>;
}

export interface GcPlan {
  readonly marked: ReadonlyMap<string, RetentionClass>;
  readonly expire_runs: ReadonlyArray<{ readonly run_id: string; readonly reason: string }>;
  readonly delete_objects: ReadonlyArray<{
    readonly digest: string;
    readonly class: RetentionClass;
    readonly reason: string;
  }>;
  readonly kept_young_unreachable: number;
}

const STRENGTH: Readonly<Record<RetentionClass, number>> = {
  golden: 3,
  certified_release: 2,
  experimental: 1,
  ephemeral: 0,
};

const expired = (ageSeconds: number, days: number | null) => days !== null && ageSeconds >= days * SECONDS_PER_DAY;

export function planGc(inputs: GcInputs): GcPlan {
  const marked = new Map<string, RetentionClass>();
  const mark = (root: string, cls: RetentionClass) => {
    for (const digest of inputs.reachable.get(root) ?? [root]) {
      const current = marked.get(digest);
      if (current === undefined || STRENGTH[cls] > STRENGTH[current]) marked.set(digest, cls);
    }
  };
  for (const pin of inputs.pins) mark(pin, 'golden');
  const expireRuns: Array<{ run_id: string; reason: string }> = [];
  const expiredReach = new Set<string>();
  for (const run of [...inputs.runs].sort((a, b) => compareText(a.run_id, b.run_id))) {
    const cls: RetentionClass = run.certified ? 'certified_release' : 'experimental';
    const days = inputs.policy[cls];
    if (expired(run.age_seconds, days)) {
      expireRuns.push({ run_id: run.run_id, reason: `${cls} run older than ${days} day(s)` });
      for (const root of run.roots) for (const d of inputs.reachable.get(root) ?? [root]) expiredReach.add(d);
    } else {
      for (const root of run.roots) mark(root, cls);
    }
  }
  const deletes: Array<{ digest: string; class: RetentionClass; reason: string }> = [];
  let young = 0;
  const grace = inputs.policy.ephemeral;
  for (const object of [...inputs.objects].sort((a, b) => compareText(a.digest, b.digest))) {
    if (marked.has(object.digest)) continue;
    if (!expired(object.age_seconds, grace ?? 0)) {
      young++;
      continue;
    }
    const cls: RetentionClass = expiredReach.has(object.digest) ? 'experimental' : 'ephemeral';
    deletes.push({
      digest: object.digest,
      class: cls,
      reason: cls === 'experimental' ? 'reachable only from expired runs' : 'unreachable from every root',
    });
  }
  return { marked, expire_runs: expireRuns, delete_objects: deletes, kept_young_unreachable: young };
}
