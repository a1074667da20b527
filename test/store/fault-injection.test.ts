// Fault injection: the store's promise that evidence is never lost, never silently repaired and
// never overwritten, tested on a real store. The demo runs once, in process; its state directory
// (plus a golden pin and a GC log, made by `rollgate gc` itself) is walked and every file and
// directory is sorted into the kind the layout (DESIGN 5) says it is. Each damage is done to a
// fresh copy, one per case: a byte flipped (first, middle, last), the file deleted, cut to
// nothing or to half, garbage appended, or the path replaced by a directory, a file, a symbolic
// link to /dev/zero or a FIFO. Which paths (ROLLGATE_FAULT_SAMPLES): by default the first, middle
// and last member of each kind, the kind's damages spread over them in turn so that each damage
// is done once per kind; a count n, n members of each kind with every damage each; `all`, every
// member with every damage (the nightly run). Then, on that copy, with every object three days old
// (past the grace period, so gc sweeps whatever it thinks unreachable): verify, recover, gc,
// status, bundle export of every committed head and every run's last step head, and bundle
// import of a good bundle. Every command runs from source in a child process, under a timeout.
//
// For every case:
// - each command succeeds or fails with a coded error (exit 1 naming a code of
//   src/core/error-codes.ts): never exit 2, INTERNAL_ERROR, a stack, a crash or a hang;
// - verify reports at least one finding, unless the damage is one it cannot see (INVISIBLE
//   below says which and why);
// - every file a commit pointer reaches (the pointer, the WAL, each object reachable from the
//   committed head and the certificate, the run's step heads) that was not damaged still has
//   its bytes; every other file of the store too, except that gc may append to its log and
//   delete an object it logs as deleted;
// - the damaged path is never repaired behind the user's back: it stays exactly as the damage
//   left it, with one exception, a deleted object or COMMITTED pointer brought back with exactly
//   its original bytes by the command whose job that is (bundle import, which verifies every
//   object of the bundle before it writes; recover, which republishes a missing pointer from the
//   verified FINALIZE record). A damaged file is never overwritten, not even with good bytes.
import {
  accessSync,
  appendFileSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { formatDigest } from '../../src/core/digest.js';
import { ERROR_CODES, isErrorCode } from '../../src/core/error-codes.js';
import type { CliDeps } from '../../src/cli/deps.js';
import { runCli } from '../../src/cli/program.js';
import { objectPath } from '../../src/store/layout.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { readPointer } from '../../src/store/pointer-file.js';
import { reachableFrom } from '../../src/store/step-heads.js';
import { readWal } from '../../src/store/wal.js';
import { bundleScript } from '../helpers/bundle-script.js';
import { testHost } from '../helpers/host.js';
import { repoRoot } from '../helpers/run-dist.js';
import { CliPool, type CommandRun } from './fault-injection-pool.js';
import {
  applyMutation,
  compareNatural,
  describeMutation,
  damagesOf,
  describeSampling,
  parseSampling,
  sameShape,
  sampleByKind,
  shapeOf,
  snapshot,
  walkStore,
  type Facts,
  type Mutation,
  type Shape,
  type StoreEntry,
} from './fault-injection-store.js';

const SAMPLING = parseSampling(process.env.ROLLGATE_FAULT_SAMPLES);
/** Every command answers in well under a second on the demo store; past this it is hung. */
const COMMAND_TIMEOUT_MS = Number(process.env.ROLLGATE_FAULT_TIMEOUT_MS ?? '20000');
const WORKERS = Math.max(1, Math.min(2, availableParallelism()));
const DAY = 86_400;
/** Where each failing case's problems are appended (problems.jsonl), when set. */
const OUT = process.env.ROLLGATE_FAULT_OUT;

// ---------------------------------------------------------------------------------------------
// The base store: the demo's, built once.

async function inProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    output: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
    now: () => Math.floor(Date.now() / 1000),
    env: {},
    host: testHost(),
  };
  const code = await runCli(argv, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function mustRun(argv: string[]): Promise<string> {
  const run = await inProcess(argv);
  if (run.code !== 0) throw new Error(`${argv.join(' ')}: exit ${run.code}\n${run.err}`);
  return run.out;
}

// gc measures ages on the clock it reads, which faketime shifts while file times stay real: every
// file of the store is dated now by that clock, then the objects `days` before it.
function dateStore(root: string, objectAgeDays: number): void {
  const now = Date.now() / 1000;
  const walk = (dir: string, t: number): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), t);
      else utimesSync(join(dir, e.name), t, t);
    }
  };
  walk(root, now);
  walk(join(root, 'objects'), now - objectAgeDays * DAY);
}

interface Head {
  readonly label: string;
  readonly digest: string;
}

interface Base {
  readonly work: string;
  readonly root: string;
  /** The default retention classes, written out: unreachable objects go once a day old. */
  readonly retention: string;
  readonly entries: readonly StoreEntry[];
  readonly shapes: ReadonlyMap<string, Shape>;
  /** Every path a commit pointer reaches, with why. */
  readonly reached: ReadonlyMap<string, string>;
  readonly heads: readonly Head[];
  readonly good: { readonly file: string; readonly head: string };
  readonly seconds: number;
}

/** tmpfs where there is one: hundreds of store copies, and no disk in the timing. */
function scratch(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

async function buildBase(): Promise<Base> {
  const started = Date.now();
  const work = mkdtempSync(join(scratch(), 'rollgate-fault-'));
  const demo = join(work, 'demo');
  await mustRun(['demo', '--dir', demo, '--json']);
  const root = join(demo, '.rollgate');
  const retention = join(work, 'retention.json');
  writeFileSync(retention, JSON.stringify({ golden: null, certified_release: null, experimental: 30, ephemeral: 1 }));
  const store = new ObjectStore(root);
  const runs = readdirSync(join(root, 'steps')).sort();
  const lastHead = (run: string) => {
    const n = readdirSync(join(root, 'steps', run))
      .sort(compareNatural)
      .at(-1)!;
    return readFileSync(join(root, 'steps', run, n), 'utf8').trim();
  };
  // The demo makes no GC files: a golden pin (the rolled-back run's last head) and a GC log
  // with one deletion (an old object nothing reaches), both by `rollgate gc` as a user would.
  const uncommitted = runs.find((r) => readdirSync(join(root, 'commits')).indexOf(r) < 0)!;
  await mustRun(['gc', '--state-dir', root, '--pin', lastHead(uncommitted)]);
  await store.put(utf8('an object nothing reaches\n'));
  dateStore(root, 3);
  const swept = JSON.parse(await mustRun(['gc', '--state-dir', root, '--retention', retention, '--json'])) as {
    swept: unknown[];
  };
  expect(swept.swept).toHaveLength(1);
  expect(JSON.parse(await mustRun(['verify', '--state-dir', root, '--json']))).toMatchObject({
    ok: true,
    findings: [],
  });

  // Everything a commit pointer reaches.
  const reached = new Map<string, string>();
  const certificates = new Set<string>();
  const heads: Head[] = [];
  const objectRel = (digest: Uint8Array) => objectPath(store.layout, digest).slice(root.length + 1);
  for (const run of readdirSync(join(root, 'commits')).sort()) {
    const pointer = (await readPointer(store, run))!;
    heads.push({ label: `${run}-committed`, digest: formatDigest(pointer.head_hash) });
    reached.set(`commits/${run}/COMMITTED`, `the pointer of ${run}`);
    reached.set(`wal/${run}.wal`, `the WAL of ${run}`);
    for (const name of readdirSync(join(root, 'steps', run)))
      reached.set(`steps/${run}/${name}`, `a step head of ${run}`);
    for (const d of await reachableFrom(store, pointer.head_hash)) {
      const hex = d.slice('sha256:'.length);
      reached.set(`objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`, `reached from the head ${run} committed`);
    }
    if (pointer.execution_certificate_hash) {
      certificates.add(formatDigest(pointer.execution_certificate_hash));
      reached.set(objectRel(pointer.execution_certificate_hash), `the certificate of ${run}`);
    }
    for (const record of (await readWal(store.layout, run)).records) {
      const bound = record.bound.objects;
      for (const d of Array.isArray(bound) ? bound : [])
        if (d instanceof Uint8Array) reached.set(objectRel(d), `bound by ${record.record_type} of ${run}`);
    }
  }
  for (const run of runs) heads.push({ label: `${run}-last`, digest: lastHead(run) });
  const good = { file: join(work, 'good.tar'), head: heads[0]!.digest };
  await mustRun(['bundle', 'export', '--head', good.head, '--out', good.file, '--state-dir', root]);
  const facts: Facts = { committedRuns: new Set(readdirSync(join(root, 'commits'))), certificates };
  const unique = heads.filter((h, i) => heads.findIndex((o) => o.digest === h.digest) === i);
  return {
    work,
    root,
    retention,
    entries: walkStore(root, facts),
    shapes: snapshot(root),
    reached,
    heads: unique,
    good,
    seconds: (Date.now() - started) / 1000,
  };
}

const base = await buildBase();

// ---------------------------------------------------------------------------------------------
// The cases.

interface Case {
  readonly name: string;
  readonly entry: StoreEntry;
  readonly mutation: Mutation;
}

const sampled = sampleByKind(base.entries, SAMPLING);
const CASES: Case[] = [...sampled.values()].flatMap((members) =>
  damagesOf(members, SAMPLING.spread).map(({ entry, mutation }) => ({
    name: `${entry.kind} ${entry.rel}: ${describeMutation(mutation)}`,
    entry,
    mutation,
  })),
);

/** A mutation as the INVISIBLE list names it: its type, and for a cut whether to nothing or to half. */
const mutationKey = (m: Mutation): string => (m.type === 'truncate' ? `truncate to ${m.to}` : m.type);

const NOT_THE_STORES =
  "not the store's: lock-verify keeps its report and SBOM beside it, and verify does not read them";
const STEP_CLAIMS =
  'step head files are claims of the jobs that ran on this store: a store assembled from bundles (a job imports the ' +
  "state of the one before) holds only its own, so an absent one is not damage verify can tell; a committed run's " +
  'evidence stays whole through its pointer';
const STATUS_VIEW =
  'a status view with no hash of its own: a flipped character inside a value still parses (a flipped brace or quote is found)';

/**
 * Damage verify cannot see, each with why: [kind, mutation key or '*', why]. Any other damage
 * must be at least one finding (a warning counts). An entry allows a blind verify, it does not
 * require one: a flip is blind only where it lands inside a value.
 */
const INVISIBLE: ReadonlyArray<
  readonly [kind: string, mutation: string, why: string, only?: (entry: StoreEntry) => boolean]
> = [
  [
    'dir: objects/sha256/<2 hex>',
    'delete',
    'an empty prefix directory (gc leaves one when it sweeps the last object in it) holds nothing',
    (entry) => entry.size === 0,
  ],
  ['dir: reports', '*', NOT_THE_STORES],
  ['reports/<file> (beside the store)', '*', NOT_THE_STORES],
  ['dir: gc', 'delete', 'a store without gc/ is one gc never deleted anything in and nobody pinned in'],
  ['gc/log.jsonl', 'delete', 'a store without a GC log is one gc never deleted anything in'],
  ['gc/log.jsonl', 'truncate to empty', 'an empty GC log is one gc never deleted anything in'],
  ['gc/pins.json', 'delete', 'a store without pins is one nobody pinned anything in'],
  ['state.json', 'delete', 'a store without state.json is one no rollout cycle has written to yet'],
  ['state.json', 'flip', STATUS_VIEW],
  ['runtime-events.jsonl', 'delete', 'a store without events is one no rollout cycle has written to yet'],
  ['runtime-events.jsonl', 'truncate to empty', 'an empty event log is one no rollout cycle has written to yet'],
  ['runtime-events.jsonl', 'flip', STATUS_VIEW],
  ['dir: steps', 'delete', STEP_CLAIMS],
  ['dir: steps/<committed run>', 'delete', STEP_CLAIMS],
  ['dir: steps/<uncommitted run>', 'delete', STEP_CLAIMS],
  ['steps/<committed run>/<n>', 'delete', STEP_CLAIMS],
  ['steps/<uncommitted run>/<n>', 'delete', STEP_CLAIMS],
  ['dir: wal/<run>.lock.d', 'delete', 'no lock is held: the next lock of the run creates the directory again'],
  [
    'wal/<run>.lock.d/<generation>',
    'flip',
    "a flipped character inside the pid, nonce or start time keeps a lock record valid; a released generation's content is never read again",
  ],
  [
    'wal/<run>.lock.d/<generation>.released',
    'delete',
    'the generation then reads as held by the process that made it: a live lock (not damage) or a dead holder’s, which the next lock takes over',
  ],
  ['wal/<run>.lock.d/<generation>.released', 'append garbage', "a release marker's content is never read"],
];

function invisible(c: Case): string | undefined {
  return INVISIBLE.find(
    ([kind, m, , only]) =>
      kind === c.entry.kind && (m === '*' || m === mutationKey(c.mutation)) && (only?.(c.entry) ?? true),
  )?.[2];
}

/** Which command may bring a deleted path back, with its original bytes. */
function restorer(rel: string): ReadonlySet<string> {
  if (rel === '.') return new Set(['bundle import', 'recover']);
  if (rel === 'objects' || rel.startsWith('objects/')) return new Set(['bundle import']);
  if (rel === 'commits' || rel.startsWith('commits/')) return new Set(['recover']);
  return new Set();
}

// ---------------------------------------------------------------------------------------------
// Running one case.

const STACK_RE = /^\s+at .+[(:]\d+:\d+\)?$/m;
const CODED_RE = /^error\[([A-Z0-9_]+) (\d+)\]: /m;

function codeProblems(name: string, codes: readonly string[]): string[] {
  return codes.flatMap((code) =>
    !isErrorCode(code)
      ? [`${name}: unknown error code ${code}`]
      : code === 'INTERNAL_ERROR' || ERROR_CODES[code].fault === 'bug'
        ? [`${name}: ${code}, a rollgate bug`]
        : [],
  );
}

/** A command succeeded, or failed with a coded error of the user's; anything else is a problem. */
function outcomeProblems(name: string, run: CommandRun): string[] {
  if (run.hang) return [`${name}: no answer within ${COMMAND_TIMEOUT_MS} ms (a hang)`];
  if (run.crash !== undefined) return [`${name}: escaped the error boundary: ${run.crash.slice(0, 2000)}`];
  const problems: string[] = [];
  const text = `${run.out}\n${run.err}`;
  if (STACK_RE.test(text)) problems.push(`${name}: printed a stack: ${text.slice(0, 2000)}`);
  if (text.includes('INTERNAL_ERROR')) problems.push(`${name}: INTERNAL_ERROR: ${text.slice(0, 2000)}`);
  if (run.code !== 0 && run.code !== 1) problems.push(`${name}: exit ${run.code}: ${run.err.slice(0, 2000)}`);
  if (run.code === 0 && run.err !== '') problems.push(`${name}: exit 0 with an error: ${run.err.slice(0, 500)}`);
  if (run.err !== '') {
    const match = CODED_RE.exec(run.err);
    if (!match) problems.push(`${name}: an error without a code: ${run.err.slice(0, 500)}`);
    else {
      const code = match[1]!;
      problems.push(...codeProblems(name, [code]));
      if (isErrorCode(code) && ERROR_CODES[code].numeric_code !== Number(match[2]))
        problems.push(`${name}: ${code} printed with the number ${match[2]}`);
    }
  } else if (run.code === 1 && !['verify', 'recover'].includes(name)) problems.push(`${name}: exit 1 without an error`);
  return problems;
}

interface VerifyReport {
  readonly ok: boolean;
  readonly findings: ReadonlyArray<{ readonly code: string; readonly severity: string; readonly subject: string }>;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function commandsFor(state: string, out: string): Array<[name: string, argv: string[]]> {
  return [
    ['verify', ['verify', '--state-dir', state, '--json']],
    ['recover', ['recover', '--state-dir', state, '--json']],
    ['gc', ['gc', '--state-dir', state, '--retention', base.retention, '--json']],
    ['status', ['status', '--state-dir', state, '--json']],
    ...base.heads.map((h): [string, string[]] => [
      `bundle export ${h.label}`,
      ['bundle', 'export', '--head', h.digest, '--out', join(out, `${h.label}.tar`), '--state-dir', state, '--json'],
    ]),
    [
      'bundle import',
      ['bundle', 'import', '--in', base.good.file, '--expect-head', base.good.head, '--state-dir', state, '--json'],
    ],
  ];
}

/** Lines of the GC log that delete an object, as the objects' relative paths. */
function loggedDeletions(state: string): Set<string> {
  const deleted = new Set<string>();
  if (shapeOf(join(state, 'gc', 'log.jsonl')).type !== 'file') return deleted;
  for (const line of readFileSync(join(state, 'gc', 'log.jsonl'), 'utf8').split('\n')) {
    const entry = parseJson<{ action?: string; subject?: string }>(line);
    if (entry?.action !== 'delete_object' || typeof entry.subject !== 'string') continue;
    const hex = entry.subject.slice('sha256:'.length);
    deleted.add(`objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`);
  }
  return deleted;
}

/** Paths a command may add to a store: lock generations, the GC log, what import or recover restores. */
const ADDED_OK = [/^wal$/, /^wal\/[^/]+\.lock\.d(\/\d{6,}(\.released)?)?$/, /^gc$/, /^gc\/log\.jsonl$/];

const timings: Array<{ name: string; ms: number; commands: Record<string, [ms: number, cpu: number]> }> = [];
const verifyBlind: string[] = [];

/** Runs one case and returns its problems; `record`: count its timings in the summary. */
async function runCase(pool: CliPool, c: Case, record = true): Promise<string[]> {
  const started = Date.now();
  const caseDir = mkdtempSync(join(base.work, 'case-'));
  const state = join(caseDir, '.rollgate');
  cpSync(base.root, state, { recursive: true, preserveTimestamps: true });
  const rel = c.entry.rel;
  const target = rel === '.' ? state : join(state, rel);
  const under = (p: string) => rel === '.' || p.startsWith(`${rel}/`);
  const original: Shape = rel === '.' ? { type: 'dir' } : base.shapes.get(rel)!;
  applyMutation(target, c.mutation);
  const damaged = shapeOf(target);
  if (sameShape(damaged, original)) return [`the damage left ${rel} as it was`];
  const out = join(caseDir, 'out');
  mkdirSync(out);
  const problems: string[] = [];
  const commands: Record<string, [number, number]> = {};
  const restorers = c.mutation.type === 'delete' ? restorer(rel) : new Set<string>();
  let restoredBy: string | undefined;
  for (const [name, argv] of commandsFor(state, out)) {
    const run = await pool.run(argv, COMMAND_TIMEOUT_MS);
    commands[name] = [run.ms, run.cpu_ms];
    problems.push(...outcomeProblems(name, run));
    if (name === 'verify' && run.code >= 0 && run.out !== '') {
      const report = parseJson<VerifyReport>(run.out);
      if (!report) problems.push(`verify: no JSON report: ${run.out.slice(0, 500)}`);
      else {
        problems.push(
          ...codeProblems(
            'verify finding',
            report.findings.map((f) => f.code),
          ),
        );
        if (report.ok !== (run.code === 0)) problems.push(`verify: ok ${report.ok} with exit ${run.code}`);
        if (report.findings.length === 0) {
          const why = invisible(c);
          if (why === undefined) problems.push('verify: no finding for this damage');
          else if (record) verifyBlind.push(`${c.name}: ${why}`);
        }
      }
    } else if (name === 'verify' && !run.hang && run.crash === undefined)
      problems.push(`verify: no report (exit ${run.code}): ${run.err.slice(0, 500)}`);
    if (name === 'recover' && run.out !== '') {
      const reports = parseJson<Array<{ action: string; code?: string }>>(run.out);
      if (!reports) problems.push(`recover: no JSON report: ${run.out.slice(0, 500)}`);
      else
        problems.push(
          ...codeProblems(
            'recover',
            reports.flatMap((r) => (r.code ? [r.code] : [])),
          ),
        );
    }
    // The damaged path after each command: as damaged, or restored with its original bytes by
    // the one command whose job that is.
    const now = shapeOf(target);
    if (!sameShape(now, damaged) && !(restoredBy !== undefined && sameShape(now, original))) {
      if (restorers.has(name) && sameShape(now, original)) restoredBy = name;
      else
        problems.push(
          `${name}: changed the damaged ${rel} from ${JSON.stringify(damaged)} to ${JSON.stringify(now)} (original ${JSON.stringify(original)})`,
        );
    }
  }
  // Nothing a commit pointer reaches, nor any other file, was deleted, cut or rewritten.
  const after = snapshot(state);
  const logged = loggedDeletions(state);
  const baseLog = base.shapes.get('gc/log.jsonl');
  for (const [path, shape] of base.shapes) {
    if (path === rel) continue;
    const now = after.get(path) ?? { type: 'absent' as const };
    if (sameShape(now, shape)) continue;
    if (under(path)) {
      if (now.type === 'absent') continue;
      problems.push(`${path} (under the damaged ${rel}) came back with other content: ${JSON.stringify(now)}`);
      continue;
    }
    const reason = base.reached.get(path);
    if (reason !== undefined) {
      problems.push(
        `${path} (${reason}) was ${now.type === 'absent' ? 'deleted' : `changed to ${JSON.stringify(now)}`}`,
      );
      continue;
    }
    if (path === 'gc/log.jsonl' && now.type === 'file' && baseLog?.type === 'file') {
      const before = readFileSync(join(base.root, path));
      if (readFileSync(join(state, path)).subarray(0, before.length).equals(before)) continue;
    }
    if (now.type === 'absent' && path.startsWith('objects/') && logged.has(path)) continue;
    problems.push(`${path} was ${now.type === 'absent' ? 'deleted' : `changed to ${JSON.stringify(now)}`}`);
  }
  for (const [path, shape] of after) {
    if (base.shapes.has(path) || path === rel || under(path)) continue;
    if (!ADDED_OK.some((re) => re.test(path))) problems.push(`${path} was added: ${JSON.stringify(shape)}`);
  }
  rmSync(caseDir, { recursive: true, force: true });
  if (record) timings.push({ name: c.name, ms: Date.now() - started, commands });
  return problems;
}

// ---------------------------------------------------------------------------------------------

const script = await bundleScript(resolve(repoRoot, 'test/store/fault-injection-worker.ts'));
const pool = new CliPool(script, WORKERS);
const suiteStarted = Date.now();
const suiteCpu = process.cpuUsage();

afterAll(() => {
  pool.close();
  rmSync(base.work, { recursive: true, force: true });
  const total = (Date.now() - suiteStarted) / 1000;
  const byCommand = new Map<string, Array<[number, number]>>();
  for (const t of timings)
    for (const [name, run] of Object.entries(t.commands)) byCommand.set(name, [...(byCommand.get(name) ?? []), run]);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const harness = process.cpuUsage(suiteCpu);
  const workerCpu = [...byCommand.values()].flat().reduce((a, [, cpu]) => a + cpu, 0) / 1000;
  const slowest = [...timings].sort((a, b) => b.ms - a.ms)[0];
  console.log(
    [
      `fault injection: ${timings.length} cases (${describeSampling(SAMPLING)}; ${sampled.size} kinds, ${WORKERS} workers) in ${total.toFixed(1)} s; demo store built in ${base.seconds.toFixed(1)} s`,
      `  CPU: ${((harness.user + harness.system) / 1e6).toFixed(1)} s in this process (copies, damage, snapshots), ${workerCpu.toFixed(1)} s in the commands`,
      ...[...byCommand].map(
        ([name, runs]) =>
          `  ${name}: mean ${mean(runs.map(([ms]) => ms)).toFixed(0)} ms (CPU ${mean(runs.map(([, cpu]) => cpu)).toFixed(0)} ms), max ${Math.max(...runs.map(([ms]) => ms))} ms`,
      ),
      slowest ? `  slowest case: ${slowest.name} (${slowest.ms} ms)` : '',
      `  verify saw nothing, by design (INVISIBLE), in ${verifyBlind.length} cases`,
    ].join('\n'),
  );
});

// The guard must be able to fail: a stand-in worker that hangs, dies, or answers like a bug.
describe('the harness', () => {
  it('reports a hang (and replaces the process), a crash, exit 2, INTERNAL_ERROR, a stack and an uncoded error', async () => {
    const script = join(base.work, 'stand-in.mjs');
    writeFileSync(
      script,
      `process.on('message', (m) => {
        const [what] = m.argv;
        if (what === 'hang') return;
        if (what === 'crash') return void setTimeout(() => { throw new Error('escaped'); });
        const replies = {
          bug: { code: 2, err: 'error[INTERNAL_ERROR 2599]: boom\\n    at f (/x.js:1:2)' },
          uncoded: { code: 1, err: 'TypeError: x is not a function' },
          ok: { code: 0, err: '' },
        };
        process.send({ id: m.id, out: '', cpu_ms: 0, ...replies[what] });
      });
      process.send({ ready: true });`,
    );
    const stand = new CliPool(script, 1);
    try {
      const hang = await stand.run(['hang'], 300);
      expect(hang.hang).toBe(true);
      expect(outcomeProblems('x', hang)).toEqual([expect.stringMatching(/^x: no answer within \d+ ms \(a hang\)$/)]);
      expect((await stand.run(['ok'], 5000)).code).toBe(0);
      const crash = await stand.run(['crash'], 5000);
      expect(crash.crash).toMatch(/ended/);
      expect(outcomeProblems('x', crash)[0]).toMatch(/escaped the error boundary/);
      const bug = outcomeProblems('x', await stand.run(['bug'], 5000));
      expect(bug.join('\n')).toMatch(/printed a stack/);
      expect(bug.join('\n')).toMatch(/INTERNAL_ERROR/);
      expect(bug.join('\n')).toMatch(/exit 2/);
      expect(outcomeProblems('x', await stand.run(['uncoded'], 5000))).toEqual([
        'x: an error without a code: TypeError: x is not a function',
      ]);
    } finally {
      stand.close();
    }
  });

  it('reports what a command must not do to the store: delete, rewrite, add, repair', async () => {
    // Every command "succeeds"; gc deletes the WAL, rewrites state.json and leaves a temporary;
    // import writes the base store's objects over the copy's, the damaged one too.
    const script = join(base.work, 'vandal.mjs');
    writeFileSync(
      script,
      `import { chmodSync, cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
      const base = ${JSON.stringify(base.root)};
      process.on('message', (m) => {
        const state = m.argv[m.argv.indexOf('--state-dir') + 1];
        let out = '';
        if (m.argv[0] === 'verify') out = JSON.stringify({ ok: false, findings: [{ code: 'STORE_OBJECT_CORRUPT', severity: 'error', subject: 'x' }] });
        if (m.argv[0] === 'gc') {
          rmSync(state + '/wal/demo-good.wal');
          writeFileSync(state + '/state.json', '{}');
          writeFileSync(state + '/objects/.left.123-0123456789ab.tmp', '');
        }
        if (m.argv[1] === 'import')
          for (const prefix of readdirSync(base + '/objects/sha256'))
            for (const name of readdirSync(base + '/objects/sha256/' + prefix)) {
              const to = state + '/objects/sha256/' + prefix + '/' + name;
              try { chmodSync(to, 0o644); } catch {}
              cpSync(base + '/objects/sha256/' + prefix + '/' + name, to);
            }
        process.send({ id: m.id, code: m.argv[0] === 'verify' ? 1 : 0, out, err: '', cpu_ms: 0 });
      });
      process.send({ ready: true });`,
    );
    const vandal = new CliPool(script, 1);
    try {
      const entry = base.entries.find((e) => e.kind === 'object: certificate')!;
      const problems = await runCase(
        vandal,
        {
          name: 'vandal',
          entry,
          mutation: { type: 'flip', at: 'first', offset: 0 },
        },
        false,
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^bundle import: changed the damaged ${entry.rel} from`)),
          'wal/demo-good.wal (the WAL of demo-good) was deleted',
          expect.stringMatching(/^state\.json was changed to/),
          expect.stringMatching(/^objects\/\.left\.123-0123456789ab\.tmp was added/),
        ]),
      );
    } finally {
      vandal.close();
    }
  });
});

describe('the demo store', () => {
  it('every file and directory has a kind of the layout', () => {
    expect(base.entries.filter((e) => e.kind === 'unclassified').map((e) => e.rel)).toEqual([]);
    const kinds = new Set(base.entries.map((e) => e.kind));
    for (const kind of [
      'dir: the state directory',
      'object: step head',
      'object: certificate',
      'wal/<run>.wal',
      'wal/<run>.lock.d/<generation>',
      'commits/<committed run>/COMMITTED',
      'steps/<committed run>/<n>',
      'steps/<uncommitted run>/<n>',
      'state.json',
      'runtime-events.jsonl',
      'gc/log.jsonl',
      'gc/pins.json',
    ])
      expect(kinds).toContain(kind);
  });

  it('undamaged: every command succeeds and nothing changes', async () => {
    const caseDir = mkdtempSync(join(base.work, 'pristine-'));
    const state = join(caseDir, '.rollgate');
    cpSync(base.root, state, { recursive: true, preserveTimestamps: true });
    for (const [name, argv] of commandsFor(state, caseDir)) {
      const run = await pool.run(argv, COMMAND_TIMEOUT_MS);
      expect({ name, code: run.code, err: run.err, hang: run.hang, crash: run.crash }).toEqual({
        name,
        code: 0,
        err: '',
        hang: undefined,
        crash: undefined,
      });
    }
    const after = snapshot(state);
    for (const [path, shape] of base.shapes) expect(after.get(path), path).toEqual(shape);
    rmSync(caseDir, { recursive: true, force: true });
  });
});

describe(`each damage to a sample of each kind (${CASES.length} cases)`, () => {
  // Cases run side by side (each on its own copy), their commands queued on the worker processes.
  it.concurrent.for(CASES)('$name', { timeout: COMMAND_TIMEOUT_MS * 12 }, async (c, { expect }) => {
    const problems = await runCase(pool, c);
    if (problems.length > 0 && OUT)
      appendFileSync(join(OUT, 'problems.jsonl'), `${JSON.stringify({ case: c.name, problems })}\n`);
    expect(problems).toEqual([]);
  });
});
