// Retention-class GC: the planner's rules on literals, a real store where certified and pinned
// evidence survives and the rest goes after its grace period, a property test that certified
// chains always survive, and the hash-chained GC log.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { formatDigest } from '../../src/core/digest.js';
import { commitRun } from '../../src/store/commit.js';
import { collectGarbage, readPins, setPin } from '../../src/store/gc.js';
import { formatUtc } from '../../src/core/utc-time.js';
import { appendGcLog, verifyGcLog } from '../../src/store/gc-log.js';
import { objectPath } from '../../src/store/layout.js';
import { planGc, type RetentionPolicy } from '../../src/store/retention.js';
import { verifyChain } from '../../src/store/step-heads.js';
import { buildRun, tempStore } from './fixtures.js';

const DAY = 86_400;
const POLICY: RetentionPolicy = { golden: null, certified_release: null, experimental: 30, ephemeral: 1 };
const NOW = 1_800_000_000;

describe('planGc', () => {
  const reach = new Map<string, Set<string>>([
    ['h-cert', new Set(['h-cert', 'o1', 'o2'])],
    ['h-old', new Set(['h-old', 'o2', 'o3'])],
    ['h-young', new Set(['h-young', 'o4'])],
    ['h-pin', new Set(['h-pin', 'o5'])],
  ]);
  const objects = ['h-cert', 'o1', 'o2', 'h-old', 'o3', 'h-young', 'o4', 'h-pin', 'o5', 'stray-old', 'stray-new'].map(
    (digest) => ({ digest, age_seconds: digest === 'stray-new' ? 60 : 400 * DAY }),
  );
  const plan = planGc({
    policy: POLICY,
    pins: [{ digest: 'h-pin', age_seconds: 400 * DAY }],
    reachable: reach,
    objects,
    runs: [
      { run_id: 'cert', certified: true, age_seconds: 900 * DAY, roots: ['h-cert'] },
      { run_id: 'old', certified: false, age_seconds: 31 * DAY, roots: ['h-old'] },
      { run_id: 'young', certified: false, age_seconds: 29 * DAY, roots: ['h-young'] },
    ],
  });
  it('keeps certified, pinned and young runs with their strongest class', () => {
    expect(Object.fromEntries(plan.marked)).toMatchObject({
      'h-cert': 'certified_release',
      o2: 'certified_release',
      'h-pin': 'golden',
      o4: 'experimental',
    });
  });
  it('expires the old uncertified run and sweeps what only it reached, plus old strays; young strays wait', () => {
    expect(plan.expire_runs).toEqual([
      { run_id: 'old', class: 'experimental', reason: 'experimental run older than 30 day(s)' },
    ]);
    expect(plan.delete_objects.map((d) => [d.digest, d.class])).toEqual([
      ['h-old', 'experimental'],
      ['o3', 'experimental'],
      ['stray-old', 'ephemeral'],
    ]);
    expect(plan.kept_young_unreachable).toBe(1);
  });
  it('a finite certified_release age lets an old certified run expire too', () => {
    const p = planGc({
      policy: { ...POLICY, certified_release: 365 },
      pins: [],
      reachable: reach,
      objects,
      runs: [{ run_id: 'cert', certified: true, age_seconds: 900 * DAY, roots: ['h-cert'] }],
    });
    expect(p.expire_runs.map((r) => r.run_id)).toEqual(['cert']);
  });
});

describe('planGc: golden pins and their minimum age', () => {
  const reach = new Map<string, Set<string>>([
    ['h-pin', new Set(['h-pin', 'o1', 'o2'])],
    ['h-cert', new Set(['h-cert', 'o2'])],
  ]);
  const objects = ['h-pin', 'o1', 'o2', 'h-cert'].map((digest) => ({ digest, age_seconds: 400 * DAY }));
  const runs = [{ run_id: 'cert', certified: true, age_seconds: 400 * DAY, roots: ['h-cert'] }];
  const plan = (golden: number | null, pinAgeDays: number) =>
    planGc({
      policy: { ...POLICY, golden },
      pins: [{ digest: 'h-pin', age_seconds: pinAgeDays * DAY }],
      reachable: reach,
      objects,
      runs,
    });

  it('null keeps a pin forever; a pin younger than retention.golden is kept', () => {
    for (const p of [plan(null, 10_000), plan(30, 29)]) {
      expect(p.expire_pins).toEqual([]);
      expect(p.delete_objects).toEqual([]);
      expect(p.marked.get('o1')).toBe('golden');
    }
  });

  it('an older pin expires: what only it reached is swept as golden, what a live root reaches stays', () => {
    const p = plan(30, 31);
    expect(p.expire_pins).toEqual([{ digest: 'h-pin', reason: 'golden pin older than 30 day(s)' }]);
    expect(p.delete_objects.map((d) => [d.digest, d.class])).toEqual([
      ['h-pin', 'golden'],
      ['o1', 'golden'],
    ]);
    expect(p.marked.get('o2')).toBe('certified_release');
  });
});

function age(path: string, seconds: number) {
  const t = NOW - seconds;
  utimesSync(path, t, t);
}

async function storeWithRuns() {
  const store = tempStore();
  const cert = await buildRun(store, 'cert', 2);
  await commitRun(store, {
    run_id: 'cert',
    head_hash: cert[1]!.head_hash,
    certificate: utf8('certificate'),
    manifest_hash: new Uint8Array(32),
    policy_bundle_hash: new Uint8Array(32),
    determinism_profile_hash: new Uint8Array(32),
  });
  const old = await buildRun(store, 'old', 2);
  const young = await buildRun(store, 'young', 1);
  const stray = await store.put(utf8('stray'));
  // Everything is old, except the young run's step file.
  for (const digest of await store.list()) age(objectPath(store.layout, digest), 400 * DAY);
  for (const run of ['cert', 'old'])
    for (const n of run === 'cert' ? ['0', '1'] : ['0', '1']) age(join(store.layout.steps, run, n), 400 * DAY);
  age(join(store.layout.commits, 'cert', 'COMMITTED'), 400 * DAY);
  age(join(store.layout.wal, 'cert.wal'), 400 * DAY);
  age(join(store.layout.steps, 'young', '0'), 5 * DAY);
  return { store, cert, old, young, stray };
}

describe('collectGarbage on a real store', () => {
  it('a dry run changes nothing', async () => {
    const { store } = await storeWithRuns();
    const before = (await store.list()).map(formatDigest);
    const report = await collectGarbage(store, POLICY, NOW, true);
    expect(report.swept.length).toBeGreaterThan(0);
    expect((await store.list()).map(formatDigest)).toEqual(before);
  });

  it('keeps the certified and young chains, expires the old run, sweeps strays, and logs every action', async () => {
    const { store, cert, old, young, stray } = await storeWithRuns();
    const report = await collectGarbage(store, POLICY, NOW, false);
    expect(report.expired_runs.map((r) => r.run_id)).toEqual(['old']);
    await expect(verifyChain(store, cert[1]!.head_hash)).resolves.toHaveLength(2);
    await expect(verifyChain(store, young[0]!.head_hash)).resolves.toHaveLength(1);
    expect(await store.has(old[1]!.head_hash)).toBe(false);
    expect(await store.has(stray)).toBe(false);
    const log = await verifyGcLog(report.log_path);
    expect(log.problems).toEqual([]);
    expect(log.lines).toBe(report.swept.length + report.expired_runs.length);
  });

  it('never collects a golden pin', async () => {
    const { store, old } = await storeWithRuns();
    await setPin(store, old[1]!.head_hash, true, NOW - 400 * DAY);
    await collectGarbage(store, POLICY, NOW, false);
    await expect(verifyChain(store, old[1]!.head_hash)).resolves.toHaveLength(2);
  });
});

describe('gc/pins.json', () => {
  it('a pin made before pins carried their time counts from the file; pinning again restarts it', async () => {
    const { store, old } = await storeWithRuns();
    const head = formatDigest(old[1]!.head_hash);
    const path = join(store.layout.gc, 'pins.json');
    mkdirSync(store.layout.gc, { recursive: true });
    writeFileSync(path, JSON.stringify([head]));
    age(path, 50 * DAY);
    expect(await readPins(store)).toEqual([{ digest: head, pinned_at: NOW - 50 * DAY }]);
    const report = await collectGarbage(store, { ...POLICY, golden: 40 }, NOW, true);
    expect(report.expired_pins.map((p) => p.digest)).toEqual([head]);
    await setPin(store, old[1]!.head_hash, true, NOW);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([{ digest: head, pinned_utc: formatUtc(NOW) }]);
    expect((await collectGarbage(store, { ...POLICY, golden: 40 }, NOW, true)).expired_pins).toEqual([]);
  });
});

describe('GC log', () => {
  it('a torn last line (a crash mid-append, before any of its actions ran) is cut before the next append', async () => {
    const { store } = await storeWithRuns();
    const { log_path } = await collectGarbage(store, POLICY, NOW, false);
    const whole = readFileSync(log_path, 'utf8');
    writeFileSync(log_path, `${whole}{"seq":99,"time_u`);
    expect((await verifyGcLog(log_path)).problems.length).toBeGreaterThan(0);
    const seq = await appendGcLog(log_path, [
      { time_utc: formatUtc(NOW), action: 'expire_run', subject: 'x', class: 'experimental', reason: 'test' },
    ]);
    expect(seq).toBe(whole.trimEnd().split('\n').length);
    const log = await verifyGcLog(log_path);
    expect(log.problems).toEqual([]);
    expect(log.lines).toBe(seq + 1);
  });

  it('finds a flipped byte, a dropped line, reordered lines and an edited field', async () => {
    const { store } = await storeWithRuns();
    const { log_path } = await collectGarbage(store, POLICY, NOW, false);
    const lines = readFileSync(log_path, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    const variants = [
      lines.map((l, i) => (i === 1 ? l.replace('"seq":1', '"seq":7') : l)),
      lines.filter((_, i) => i !== 1),
      [lines[1]!, lines[0]!, ...lines.slice(2)],
      lines.map((l, i) => (i === 0 ? l.replace(/"reason":"[^"]*"/, '"reason":"edited"') : l)),
    ];
    for (const v of variants) {
      writeFileSync(log_path, `${v.join('\n')}\n`);
      expect((await verifyGcLog(log_path)).problems.length).toBeGreaterThan(0);
    }
  });
});

describe('property: certified chains always survive', () => {
  it('for random sets of runs, certified or not, of random ages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            certified: fc.boolean(),
            ageDays: fc.integer({ min: 0, max: 800 }),
            steps: fc.integer({ min: 1, max: 3 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (runs) => {
          const store = tempStore();
          const heads: Array<{ head: Uint8Array; certified: boolean; steps: number }> = [];
          for (const [i, r] of runs.entries()) {
            const steps = await buildRun(store, `run-${i}`, r.steps);
            const head = steps[steps.length - 1]!.head_hash;
            if (r.certified)
              await commitRun(store, {
                run_id: `run-${i}`,
                head_hash: head,
                certificate: utf8(`cert ${i}`),
                manifest_hash: new Uint8Array(32),
                policy_bundle_hash: new Uint8Array(32),
                determinism_profile_hash: new Uint8Array(32),
              });
            heads.push({ head, certified: r.certified, steps: r.steps });
          }
          for (const digest of await store.list()) age(objectPath(store.layout, digest), 900 * DAY);
          await collectGarbage(store, POLICY, NOW, false);
          for (const h of heads.filter((x) => x.certified))
            await expect(verifyChain(store, h.head)).resolves.toHaveLength(h.steps);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS_SLOW ?? 15) },
    );
  });
});

it('rollgate verify reports a broken GC log with GC_LOG_BROKEN', async () => {
  const { store } = await storeWithRuns();
  const { log_path } = await collectGarbage(store, POLICY, NOW, false);
  writeFileSync(log_path, readFileSync(log_path, 'utf8').replace('"seq":0', '"seq":5'));
  const { verifyStore } = await import('../../src/store/verify-store.js');
  const findings = (await verifyStore(store)).findings;
  expect(findings.map((f) => [f.code, f.subject, f.message])).toEqual([
    ['GC_LOG_BROKEN', 'gc/log.jsonl', 'line 1 does not hash to its line_hash'],
    ['GC_LOG_BROKEN', 'gc/log.jsonl', 'line 1 has seq 5, expected 0'],
  ]);
});
