// Run by demo-golden.test.ts under each Node runtime: the demo's baseline releases with a fixed
// clock and key, in a fresh directory; prints the traces of the good run (promoted through
// staging and production) and of the bad run (gate failure, then rollback), the lock report of
// the baseline lockfile, and whether replay re-judged every judgement identically.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDigest } from '../../src/core/digest.js';
import { demoJob } from '../../src/demo/demo-job.js';
import { replayJob } from '../../src/jobs/replay-job.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { traceJsonl } from '../../src/store/trace-view.js';
import { testHost } from '../helpers/host.js';

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z
const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-demo-golden-')), 'demo');
const result = await demoJob({
  dir,
  now: () => T0,
  privateKey: new Uint8Array(32).fill(3),
  progress: () => undefined,
  host: testHost(),
});
const store = new ObjectStore(join(dir, '.rollgate'));
const out: Record<string, unknown> = {};
for (const [name, state] of [
  ['pass', result.good_state],
  ['rollback', result.bad_state],
] as const) {
  out[`${name}.trace.jsonl`] = await traceJsonl(store, parseDigest(state));
  out[`${name}.replay_identical`] = (
    await replayJob({ workspace: dir, stateDir: '.rollgate', state: parseDigest(state) })
  ).identical;
}
out['lock-report.json'] = readFileSync(join(dir, '.rollgate/reports/lock-report.json'), 'utf8');
out['summaries'] = Object.fromEntries(
  result.summaries.map((path) => [path.split('/').at(-1)!, readFileSync(path, 'utf8')]),
);
process.stdout.write(JSON.stringify(out));
