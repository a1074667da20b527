// Golden bytes of the rollout: snapshots, gate reports, stage and gate summaries of a passing
// and a breaching rollout, produced under every supported Node runtime and compared byte for
// byte with the checked-in files (and so with each other).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../helpers/bundle-script.js';
import { expectGolden } from '../helpers/golden.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';

interface RolloutOut {
  name: string;
  stages: Array<{ snapshot: string; gate_report: string; stage_report_hash: string; summary: string }>;
  gate_report: string;
  gate_report_hash: string;
  gate_summary: string;
  replay_identical: boolean;
}

let script: string;
beforeAll(async () => {
  script = await bundleScript(resolve(__dirname, 'rollout-golden-script.ts'));
}, 60_000);

describe.each(nodeRuntimes())('rollout golden bytes on $name', ({ path: node }) => {
  it('snapshots, gate reports and summaries match the golden files', () => {
    const out = JSON.parse(execFileSync(node, [script], { encoding: 'utf8', maxBuffer: 64 << 20 })) as RolloutOut[];
    for (const run of out) {
      expect(run.replay_identical).toBe(true);
      run.stages.forEach((stage, i) => {
        expectGolden(`rollout/${run.name}/stage-${i}.snapshot.cbor.hex`, `${stage.snapshot}\n`);
        expectGolden(`rollout/${run.name}/stage-${i}.gate-report.cbor.hex`, `${stage.gate_report}\n`);
        expectGolden(`rollout/${run.name}/stage-${i}.summary.md`, stage.summary);
      });
      expectGolden(`rollout/${run.name}/gate-report.cbor.hex`, `${run.gate_report}\n`);
      expectGolden(`rollout/${run.name}/gate-summary.md`, run.gate_summary);
    }
  }, 120_000);
});
