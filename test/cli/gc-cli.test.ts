// `rollgate gc` on the demo's store, in process through runCli (the registered program, no
// build): the tester's case (an object of the certified run is damaged: gc must refuse, not
// sweep), and retention policy files, valid and invalid.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/deps.js';
import type { CliOutput } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/program.js';
import { testHost } from '../helpers/host.js';

const DAY = 86_400;
const wallClock = () => Math.floor(Date.now() / 1000);

async function cli(argv: string[], now = wallClock()): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: CliOutput = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const deps: CliDeps = { output, now: () => now, env: {}, host: testHost() };
  const code = await runCli(argv, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let demo: string;

beforeAll(async () => {
  demo = join(mkdtempSync(join(tmpdir(), 'rollgate-gc-cli-')), 'demo');
  const run = await cli(['demo', '--dir', demo, '--json']);
  expect(run.code, run.err).toBe(0);
}, 120_000);

/**
 * A fresh copy of the demo's store, every file aged by `days` on the clock gc reads: the whole
 * store, not only its objects, so run ages do not depend on when the demo ran (a clock shifted
 * by faketime does not move file times).
 */
function demoStore(days: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-gc-copy-'));
  const state = join(dir, '.rollgate');
  cpSync(join(demo, '.rollgate'), state, { recursive: true });
  const t = wallClock() - days * DAY;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else utimesSync(join(d, e.name), t, t);
    }
  };
  walk(state);
  return state;
}

function objectOf(state: string, digestText: string): string {
  const hex = digestText.trim().slice('sha256:'.length);
  return join(state, 'objects', 'sha256', hex.slice(0, 2), hex.slice(2));
}

function objectCount(state: string): number {
  return readdirSync(join(state, 'objects', 'sha256')).reduce(
    (n, p) => n + readdirSync(join(state, 'objects', 'sha256', p)).length,
    0,
  );
}

describe('rollgate gc on a damaged demo store', () => {
  for (const damage of ['deleted', 'flipped'] as const) {
    it(`refuses (exit 1, GC_MARK_INCOMPLETE) when the certified run's last head is ${damage}; nothing is swept`, async () => {
      const state = demoStore(3);
      const head = objectOf(state, readFileSync(join(state, 'steps', 'demo-good', '19'), 'utf8'));
      if (damage === 'deleted') unlinkSync(head);
      else {
        chmodSync(head, 0o644);
        const bytes = readFileSync(head);
        bytes[7] = bytes[7]! ^ 0x01;
        writeFileSync(head, bytes);
      }
      const before = objectCount(state);
      const run = await cli(['gc', '--state-dir', state]);
      expect(run.code, run.out).toBe(1);
      expect(run.err).toMatch(
        /^error\[GC_MARK_INCOMPLETE 2314\]: gc deleted nothing: run demo-good: step head steps\/demo-good\/19/,
      );
      expect(run.err).toMatch(damage === 'deleted' ? /STORE_OBJECT_MISSING/ : /STORE_OBJECT_CORRUPT/);
      expect(run.err).toContain('rollgate verify');
      expect(run.out).toBe('');
      expect(objectCount(state)).toBe(before);
      expect(existsSync(join(state, 'gc', 'log.jsonl'))).toBe(false);
    });
  }

  it('a sound demo store: gc keeps both runs and sweeps nothing', async () => {
    const state = demoStore(3);
    const run = await cli(['gc', '--state-dir', state, '--json']);
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out) as { swept: unknown[]; roots: Record<string, number> };
    expect(report.swept).toEqual([]);
    expect(report.roots).toEqual({ golden: 0, certified_release: 1, experimental: 1 });
  });
});

describe('rollgate gc --retention FILE', () => {
  const file = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'rollgate-retention-')), 'retention.json');
    writeFileSync(path, text);
    return path;
  };

  it('a valid file applies, defaults fill what it leaves out', async () => {
    const state = demoStore(3);
    // experimental: 0 — the uncertified demo-bad run expires; the certified one stays.
    const run = await cli(['gc', '--state-dir', state, '--retention', file('{"experimental": 0}'), '--json']);
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out) as { expired_runs: Array<{ run_id: string }>; swept: unknown[] };
    expect(report.expired_runs.map((r) => r.run_id)).toEqual(['demo-bad']);
    expect(report.swept.length).toBeGreaterThan(0);
    expect(await cli(['verify', '--state-dir', state])).toMatchObject({ code: 0 });
    const empty = await cli(['gc', '--state-dir', demoStore(3), '--retention', file('{}'), '--dry-run']);
    expect(empty.code, empty.err).toBe(0);
  });

  it('golden: a pin keeps its chain until it is older than retention.golden days', async () => {
    const state = demoStore(400);
    const bad = readFileSync(join(state, 'steps', 'demo-bad', '6'), 'utf8').trim();
    expect((await cli(['gc', '--state-dir', state, '--pin', bad], wallClock() - 20 * DAY)).code).toBe(0);
    const policy = (golden: number) =>
      file(JSON.stringify({ golden, experimental: 0, certified_release: null, ephemeral: 1 }));
    const kept = await cli(['gc', '--state-dir', state, '--retention', policy(30), '--json']);
    expect(kept.code, kept.err).toBe(0);
    const keptReport = JSON.parse(kept.out) as { expired_pins: unknown[]; roots: { golden: number } };
    expect(keptReport.expired_pins).toEqual([]);
    expect(keptReport.roots.golden).toBe(1);
    expect(existsSync(objectOf(state, bad))).toBe(true);
    const gone = await cli(['gc', '--state-dir', state, '--retention', policy(10)]);
    expect(gone.code, gone.err).toBe(0);
    expect(gone.out).toContain(`unpinned ${bad}: golden pin older than 10 day(s)`);
    expect(existsSync(objectOf(state, bad))).toBe(false);
    expect((await cli(['verify', '--state-dir', state])).code).toBe(0);
    const log = readFileSync(join(state, 'gc', 'log.jsonl'), 'utf8');
    expect(log).toContain('"action":"expire_pin"');
  });

  it.each([
    ['{"golden": "x"}', /\/golden: must be a whole number of days \(0 or more\), or null for never/],
    ['{"ephemeral": -1}', /\/ephemeral: must be a whole number of days/],
    ['{"experimantal": 3}', /\/experimantal: is not a known field/],
    ['[1, 2]', /\/: must be object/],
    ['{ not json', /is not valid JSON/],
  ])('an invalid file %s is INPUT_INVALID naming the file and the field', async (text, field) => {
    const path = file(text);
    const run = await cli(['gc', '--state-dir', demoStore(3), '--retention', path]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error\[INPUT_INVALID 2501\]: retention policy /);
    expect(run.err).toContain(path);
    expect(run.err).toMatch(field);
  });
});
