// canary-stage and gate as the runner runs them (dist/actions/*.js, inputs as INPUT_*,
// outputs and summary through the runner's files) on Node 20 and Node 24, each stage its own
// process with only the state output between them; and the rollout commands of the built CLI.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDigest } from '../../src/core/digest.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { runAction } from '../helpers/run-action.js';
import { runCliDist } from '../helpers/run-dist.js';
import { sharedVectors } from '../helpers/vectors.js';
import { ERRORING, HEALTHY, rolloutWorkspace, stageMetrics } from '../deploy/rollout-workspace.js';
import { wallClockSeconds } from '../helpers/clock.js';

let healthy: { ws: string; state: string };
let breaching: { ws: string; state: string };

beforeAll(async () => {
  // The built actions read the real clock: the key's window and preflight hang off it.
  const at = wallClockSeconds();
  const a = await rolloutWorkspace({ files: stageMetrics(HEALTHY, HEALTHY, HEALTHY, HEALTHY, HEALTHY), at });
  const b = await rolloutWorkspace({ files: stageMetrics(HEALTHY, ERRORING), at });
  healthy = { ws: a.ws, state: formatDigest(a.state) };
  breaching = { ws: b.ws, state: formatDigest(b.state) };
}, 60_000);

/** A fresh copy of a prepared workspace, so each runtime runs the rollout from the start. */
function copy(ws: string): string {
  const to = join(mkdtempSync(join(tmpdir(), 'rollgate-rollout-copy-')), 'ws');
  cpSync(ws, to, { recursive: true });
  return to;
}

describe.each(nodeRuntimes())('rollout actions on $name', ({ path: node }) => {
  it('runs five stages as five processes and the gate passes', () => {
    const ws = copy(healthy.ws);
    let state = healthy.state;
    for (const cohort of [1, 5, 25, 50, 100]) {
      const run = runAction(node, 'canary-stage', { state }, { workspace: ws });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.outputs).toMatchObject({ verdict: 'pass', cohort: String(cohort) });
      expect(run.outputs['snapshot-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(run.summary).toContain(`rollgate canary-stage`);
      expect(run.summary).toContain('| error\\_rate | 0.001 | &lt;= | 0.005 | pass |');
      expect(run.stdout).toContain(`dwell at ${cohort}%: 0/0 s, taking metrics`);
      state = run.outputs.state!;
    }
    const gate = runAction(node, 'gate', { state }, { workspace: ws });
    expect(gate.status).toBe(0);
    expect(gate.outputs.verdict).toBe('pass');
    expect(gate.summary).toContain('**Next:** every stage of every shard passed');
    const replay = runCliDist(node, ['replay', '--state', gate.outputs.state!, '--json'], { cwd: ws });
    expect(replay.status).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ identical: true });
  }, 120_000);

  it('fails the step at the breaching stage, and the gate fails naming the trigger', () => {
    const ws = copy(breaching.ws);
    const first = runAction(node, 'canary-stage', { state: breaching.state }, { workspace: ws });
    expect(first.status).toBe(0);
    // A gate in mid-rollout holds; the rollout continues from the state it output.
    const hold = runAction(node, 'gate', { state: first.outputs.state! }, { workspace: ws });
    expect(hold.status).toBe(1);
    expect(hold.outputs.verdict).toBe('hold');
    expect(hold.stdout).toContain('gate holds: shard default: 4 stage(s) left');
    const second = runAction(node, 'canary-stage', { state: hold.outputs.state! }, { workspace: ws });
    expect(second.status).toBe(1);
    expect(second.outputs).toMatchObject({ verdict: 'fail', next: 'rollback', cohort: '5' });
    expect(second.stdout).toContain('::error title=canary stage 1 (5%25)%3A error_rate breached::0.009 > 0.005');
    const gate = runAction(node, 'gate', { state: second.outputs.state! }, { workspace: ws });
    expect(gate.status).toBe(1);
    expect(gate.outputs.verdict).toBe('fail');
    expect(gate.stdout).toContain('::error title=rollback trigger gate_breach::shard default stage 1 (5%25)');
  }, 120_000);

  it('keeps traffic output inert in the summary and refuses contradictory inputs', () => {
    const ws = copy(healthy.ws);
    const run = runAction(
      node,
      'canary-stage',
      {
        state: healthy.state,
        'traffic-command': "printf '::warning::forged\\n<img src=x onerror=alert(1)>\\n````\\n# heading'",
      },
      { workspace: ws },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('::warning::forged');
    // Inside a fence longer than any backtick run: literal text, never HTML or Markdown.
    expect(run.summary).toContain('`````text\n::warning::forged\n<img src=x onerror=alert(1)>\n````\n# heading\n`````');
    const both = runAction(node, 'canary-stage', { state: healthy.state, stage: '0', cohort: '1' }, { workspace: ws });
    expect(both.status).toBe(1);
    expect(both.stdout).toContain('INPUT_INVALID');
  }, 60_000);

  it('run-fixture through the built CLI reproduces the reference counts', () => {
    const ws = mkdtempSync(join(tmpdir(), 'rollgate-fixture-'));
    const fixture = resolve(sharedVectors, 'tau-deployment/rollout-pass.json');
    const run = runCliDist(node, ['run-fixture', '--fixture', fixture, '--json'], { cwd: ws });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      applied_cases: 3,
      wasm_rollouts: 1,
      cloud_rollouts: 2,
      reason_codes: ['wasm_rollout_applied', 'cloud_rollout_applied'],
      health_state: 'healthy',
      rollout_gate: 'pass',
    });
  }, 60_000);
});
