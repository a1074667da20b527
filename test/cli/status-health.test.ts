// `rollgate status` and `rollgate health` in process: the command module registered on a fresh
// commander program with a recording output, so these run without a build.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerStatus } from '../../src/cli/commands/status.js';
import type { CliDeps, RunCommand } from '../../src/cli/deps.js';
import { runGuarded } from '../../src/cli/error-boundary.js';
import type { CliOutput } from '../../src/cli/output.js';
import { EMPTY_HEALTH, emptyState, serializeState } from '../../src/store/state-document.js';
import { testHost } from '../helpers/host.js';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: CliOutput = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const deps: CliDeps = { output, now: () => 0, env: {}, host: testHost() };
  let pending: Promise<number> = Promise.resolve(0);
  const run: RunCommand = (action) => {
    pending = runGuarded(action, output, false);
  };
  const program = new Command('rollgate').exitOverride();
  registerStatus(program, deps, run);
  await program.parseAsync(argv, { from: 'user' });
  return { code: await pending, out: out.join(''), err: err.join('\n') };
}

function stateDir(state: string | undefined, events?: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-status-')), '.rollgate');
  mkdirSync(dir, { recursive: true });
  if (state !== undefined) writeFileSync(join(dir, 'state.json'), state);
  if (events !== undefined) writeFileSync(join(dir, 'runtime-events.jsonl'), events);
  return dir;
}

const STREAK_2 = serializeState({ ...emptyState(), health: { ...EMPTY_HEALTH, failure_streak: 2 } });
const EVENT = '{"health_state":"healthy","health_reason":"from the log","reason_codes":["cloud_rollout_applied"]}';

describe('rollgate status', () => {
  it('exits 1 with STATE_FILE_MISSING, naming the file and what to run first', async () => {
    const dir = stateDir(undefined);
    for (const command of ['status', 'health']) {
      const run = await cli([command, '--state-dir', dir, '--json']);
      expect(run.code).toBe(1);
      expect(run.out).toBe('');
      expect(run.err).toContain(`error[STATE_FILE_MISSING 2320]: ${join(dir, 'state.json')}`);
      expect(run.err).toMatch(/fix: .*run a rollout stage/);
    }
  });

  it('prints the report as one JSON document: a missing log is reported, not an error', async () => {
    const dir = stateDir(STREAK_2);
    const run = await cli(['status', '--state-dir', dir, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      state_path: join(dir, 'state.json'),
      events_log_path: join(dir, 'runtime-events.jsonl'),
      events_log_present: false,
      health_state: 'degraded',
      rollout_gate: 'hold',
      cycle_reports: 0,
    });
    expect(report.health_reason).toMatch(/failure_streak=2/);
  });

  it('counts a line that is not JSON as an invalid cycle report and takes the reason from the last valid line', async () => {
    const dir = stateDir(STREAK_2, `${EVENT}\n{not json\n\n${EVENT}\n`);
    const report = JSON.parse((await cli(['status', '--state-dir', dir, '--json'])).out) as Record<string, unknown>;
    expect(report).toMatchObject({
      events_log_present: true,
      cycle_reports: 2,
      invalid_cycle_reports: 1,
      health_reason: 'from the log',
      last_reason_codes: ['cloud_rollout_applied'],
      reason_code_counts: { cloud_rollout_applied: 2 },
    });
  });

  it('prints one text line without --json', async () => {
    const run = await cli(['status', '--state-dir', stateDir(STREAK_2)]);
    expect(run.out).toMatch(/^deployment status inspect: state_path=.* rollout_gate=hold .*failure_streak=2 /);
    expect(run.out.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a damaged state.json with STATE_FILE_INVALID and leaves it as it was', async () => {
    const dir = stateDir('{"schema_version": 1, "rollouts": [');
    const run = await cli(['status', '--state-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error\[STATE_FILE_INVALID 2321\]: .*state\.json: not valid JSON/);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{"schema_version": 1, "rollouts": [');
  });

  // Found by the fault-injection suite: opening a FIFO for reading waits for a writer, so
  // status hung on a state.json or runtime-events.jsonl that was one.
  it.each(['state.json', 'runtime-events.jsonl'])(
    'a %s that is a FIFO or a directory is STORE_LAYOUT_INVALID, at once',
    async (name) => {
      for (const make of [(p: string) => execFileSync('mkfifo', [p]), (p: string) => mkdirSync(p)]) {
        const dir = stateDir(name === 'state.json' ? undefined : STREAK_2);
        make(join(dir, name));
        for (const command of name === 'state.json' ? ['status', 'health'] : ['status']) {
          const run = await cli([command, '--state-dir', dir]);
          expect(run.code).toBe(1);
          expect(run.err).toMatch(
            new RegExp(
              `^error\\[STORE_LAYOUT_INVALID \\d+\\]: .*${name.replace('.', '\\.')}: is a (FIFO|directory), not a file`,
            ),
          );
        }
      }
    },
  );
});

describe('rollgate health', () => {
  it('prints the one-row transport health array, with zeros when state.json has no health', async () => {
    const dir = stateDir('{"schema_version": 1}');
    const run = await cli(['health', '--state-dir', dir, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual([
      {
        transport: 'deployment',
        target: 'cloud-and-wasm-runtime',
        state_path: join(dir, 'state.json'),
        health: EMPTY_HEALTH,
      },
    ]);
    const text = await cli(['health', '--state-dir', dir]);
    expect(text.out).toMatch(
      /^transport health inspect: transport=deployment target=cloud-and-wasm-runtime .*failure_streak=0 /,
    );
  });
});
