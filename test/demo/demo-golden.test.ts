// Golden traces of the demo's baseline releases (document 000 VII.C, 004 VII.C): the pass run
// (promoted through staging and production), the gate-fail-and-rollback run, the lock report of
// the baseline lockfile and every job summary, byte for byte under Node 20 and 24, with replay
// re-judging each run identically.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../helpers/bundle-script.js';
import { expectGolden } from '../helpers/golden.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';

let script: string;
beforeAll(async () => {
  script = await bundleScript(resolve(__dirname, 'demo-golden-script.ts'));
}, 60_000);

describe.each(nodeRuntimes())('demo golden traces on $name', ({ path: node }) => {
  it('reproduces the traces, the lock report and the summaries byte for byte', () => {
    const out = JSON.parse(execFileSync(node, [script], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<
      string,
      unknown
    > & { summaries: Record<string, string> };
    expect(out['pass.replay_identical']).toBe(true);
    expect(out['rollback.replay_identical']).toBe(true);
    expectGolden('demo/pass.trace.jsonl', out['pass.trace.jsonl'] as string);
    expectGolden('demo/rollback.trace.jsonl', out['rollback.trace.jsonl'] as string);
    expectGolden('demo/lock-report.json', out['lock-report.json'] as string);
    expect(Object.keys(out.summaries)).toHaveLength(20);
    for (const [name, markdown] of Object.entries(out.summaries)) expectGolden(`demo/summaries/${name}`, markdown);
  }, 120_000);
});
