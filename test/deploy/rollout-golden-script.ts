// Run by rollout-golden.test.ts under each Node runtime: a healthy five-stage rollout and one
// that breaches at 25 %, each gated and replayed, with a fixed clock; prints every stored
// snapshot and report as hex, their hashes, and both job summaries, as one JSON document.
import { encodeCanonical } from '../../src/core/cbor.js';
import { toHex } from '../../src/core/bytes.js';
import { formatDigest } from '../../src/core/digest.js';
import { canaryStageSummary, gateSummary } from '../../src/summaries/rollout-summary.js';
import { canaryStageJob } from '../../src/jobs/canary-stage-job.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { replayJob } from '../../src/jobs/replay-job.js';
import { ERRORING, HEALTHY, T0, rolloutWorkspace, stageMetrics } from './rollout-workspace.js';
import { testHost } from '../helpers/host.js';

async function rollout(name: string, metrics: Array<Record<string, unknown>>) {
  const { ws, state } = await rolloutWorkspace({ files: stageMetrics(...metrics) });
  const common = {
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    environment: 'staging',
    shard: 'default',
    now: () => T0 + 600,
    sleep: () => Promise.resolve(),
    log: () => undefined,
    host: testHost(),
  };
  let head = state;
  const stages = [];
  for (let i = 0; i < metrics.length; i++) {
    const result = await canaryStageJob({ ...common, parent: head });
    head = result.head_hash;
    stages.push({
      snapshot: toHex(encodeCanonical(result.snapshot)),
      gate_report: toHex(encodeCanonical(result.gate_report)),
      stage_report_hash: formatDigest(result.report_hash),
      summary: canaryStageSummary(result),
    });
  }
  const gate = await gateJob({ ...common, state: head, shards: [] });
  const replay = await replayJob({ workspace: ws, stateDir: '.rollgate', state: gate.head_hash });
  return {
    name,
    stages,
    gate_report: toHex(encodeCanonical(gate.report)),
    gate_report_hash: formatDigest(gate.report_hash),
    gate_summary: gateSummary(gate),
    replay_identical: replay.identical,
  };
}

const out = [
  await rollout('pass', [HEALTHY, HEALTHY, HEALTHY, HEALTHY, HEALTHY]),
  await rollout('breach', [HEALTHY, HEALTHY, ERRORING]),
];
process.stdout.write(JSON.stringify(out));
