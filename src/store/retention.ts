// Retention and GC planning (document 000 II.H, DESIGN 5). Pure: the runs, pins, reachable
// sets and ages arrive as data; the plan says what to delete and why. Roots are golden pins,
// certified runs and experimental runs, each until it is older than its class's minimum age
// (a pin's age counts from its pinning; null never expires); every object they reach keeps the
// strongest class among them and is never deleted. An unreached object is deleted only once it
// is older than the ephemeral minimum age, a grace period that protects what a running step has
// written and not yet linked into a head.
import { Type, type Static } from '@sinclair/typebox';
import { RollgateError, compareText } from '../core/errors.js';
import { parseJsonText, schemaValidator } from '../core/schema.js';
import { SECONDS_PER_DAY } from '../core/utc-time.js';

export const RETENTION_CLASSES = ['golden', 'certified_release', 'experimental', 'ephemeral'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

const Days = (fallback: number | null, description: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { default: fallback, description });

const RETENTION_FIELDS = {
  golden: Days(null, 'minimum age in days before pinned (golden) evidence may go; null: never'),
  certified_release: Days(null, 'minimum age in days of a certified run before it stops being a root; null: never'),
  experimental: Days(30, 'minimum age in days of an uncertified run before it expires'),
  ephemeral: Days(1, 'minimum age in days of an unreachable object before it is swept'),
};

/** The config's `retention` section: absent means every default. */
export const RetentionPolicySchema = Type.Object(RETENTION_FIELDS, { additionalProperties: false, default: {} });
export type RetentionPolicy = Static<typeof RetentionPolicySchema>;

/** A retention policy file (`rollgate gc --retention`): the same fields as a document of its own. */
export const RetentionFileSchema = Type.Object(RETENTION_FIELDS, { additionalProperties: false });

const validateRetentionFile = schemaValidator(RetentionFileSchema);

/** Parses a retention policy file's JSON text; every wrong field is named (INPUT_INVALID). */
export function parseRetentionPolicy(text: string, where: string): RetentionPolicy {
  const what = `retention policy ${where}`;
  const result = validateRetentionFile(parseJsonText(text, 'INPUT_INVALID', what));
  if (result.ok) return result.value;
  // A class's age is a union (days or null): say that once instead of each branch's complaint.
  const problems = new Map<string, string>();
  for (const p of result.problems) {
    const field = p.path.slice(1);
    problems.set(
      p.path || '/',
      field in RETENTION_FIELDS && p.path.lastIndexOf('/') === 0 && p.message !== 'is not a known field'
        ? 'must be a whole number of days (0 or more), or null for never'
        : p.message,
    );
  }
  const lines = [...problems].map(([path, message]) => `  ${path}: ${message}`).join('\n');
  throw new RollgateError('INPUT_INVALID', `${what} is invalid:\n${lines}`, {
    diagnostics: { path: where, problems: problems.size, first_field: [...problems.keys()][0] ?? '' },
  });
}

export interface GcRun {
  readonly run_id: string;
  /** Its commit pointer, or a FINALIZE record of its WAL, binds an execution certificate. */
  readonly certified: boolean;
  /** Seconds since the newest of its step heads, WAL and pointer was written. */
  readonly age_seconds: number;
  /** Digest texts of its heads (and of its certificate, for a certified run). */
  readonly roots: readonly string[];
}

export interface GcPin {
  /** The pinned object (a step head, or any object pinned by digest). */
  readonly digest: string;
  /** Seconds since it was pinned. */
  readonly age_seconds: number;
}

export interface GcInputs {
  readonly policy: RetentionPolicy;
  readonly runs: readonly GcRun[];
  /** Golden pins. */
  readonly pins: readonly GcPin[];
  /** Everything each root reaches, itself included. */
  readonly reachable: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every object in the store with its age in seconds. */
  readonly objects: ReadonlyArray<{ readonly digest: string; readonly age_seconds: number }>;
}

export interface GcPlan {
  readonly marked: ReadonlyMap<string, RetentionClass>;
  readonly expire_pins: ReadonlyArray<{ readonly digest: string; readonly reason: string }>;
  readonly expire_runs: ReadonlyArray<{
    readonly run_id: string;
    readonly class: RetentionClass;
    readonly reason: string;
  }>;
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
  const reach = (root: string) => inputs.reachable.get(root) ?? [root];
  const marked = new Map<string, RetentionClass>();
  // What expired roots reached, with the strongest class among them: the class a deletion is logged under.
  const expiredReach = new Map<string, RetentionClass>();
  const note = (into: Map<string, RetentionClass>, root: string, cls: RetentionClass) => {
    for (const digest of reach(root)) {
      const current = into.get(digest);
      if (current === undefined || STRENGTH[cls] > STRENGTH[current]) into.set(digest, cls);
    }
  };
  const expirePins: Array<{ digest: string; reason: string }> = [];
  for (const pin of [...inputs.pins].sort((a, b) => compareText(a.digest, b.digest))) {
    if (expired(pin.age_seconds, inputs.policy.golden)) {
      expirePins.push({ digest: pin.digest, reason: `golden pin older than ${inputs.policy.golden} day(s)` });
      note(expiredReach, pin.digest, 'golden');
    } else note(marked, pin.digest, 'golden');
  }
  const expireRuns: Array<{ run_id: string; class: RetentionClass; reason: string }> = [];
  for (const run of [...inputs.runs].sort((a, b) => compareText(a.run_id, b.run_id))) {
    const cls: RetentionClass = run.certified ? 'certified_release' : 'experimental';
    const days = inputs.policy[cls];
    if (expired(run.age_seconds, days)) {
      expireRuns.push({ run_id: run.run_id, class: cls, reason: `${cls} run older than ${days} day(s)` });
      for (const root of run.roots) note(expiredReach, root, cls);
    } else {
      for (const root of run.roots) note(marked, root, cls);
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
    const cls = expiredReach.get(object.digest) ?? 'ephemeral';
    deletes.push({
      digest: object.digest,
      class: cls,
      reason:
        cls === 'ephemeral'
          ? 'unreachable from every root'
          : cls === 'golden'
            ? 'reachable only from expired pins and runs'
            : 'reachable only from expired runs',
    });
  }
  return {
    marked,
    expire_pins: expirePins,
    expire_runs: expireRuns,
    delete_objects: deletes,
    kept_young_unreachable: young,
  };
}
