// The process the crash harness kills: it builds a run of steps and commits it with a
// certificate, calling the probe at every named point and file operation. With KILL_AT=N it
// SIGKILLs itself at the N-th probe call; otherwise it prints how many probe calls a full
// commit makes.
import { utf8 } from '../../../src/core/bytes.js';
import { commitRun } from '../../../src/store/commit.js';
import { ObjectStore } from '../../../src/store/object-store.js';
import { appendStep } from '../../../src/store/step-heads.js';

const stateDir = process.env.STATE_DIR!;
const runId = process.env.RUN_ID!;
const steps = Number(process.env.STEPS ?? '2');
const killAt = process.env.KILL_AT === undefined ? Infinity : Number(process.env.KILL_AT);
let calls = 0;
const probe = (): void => {
  calls++;
  if (calls === killAt) process.kill(process.pid, 'SIGKILL');
};

const store = new ObjectStore(stateDir, probe);
let parent: Uint8Array | null = null;
for (let i = 0; i < steps; i++) {
  const step = await appendStep(store, {
    run_id: runId,
    parent,
    operator: `op_${i}`,
    records: [
      { record_type: i === 0 ? 'run_header' : 'iter', t: i, replay_token: new Uint8Array(32).fill(9), stage: `s${i}` },
    ],
    evidence: [{ object_type: 'report', object_id: `step-${i}`, bytes: utf8(`${runId} step ${i}\n`) }],
    checkpoint: { cursor: i },
  });
  parent = step.head_hash;
}
await commitRun(
  store,
  {
    run_id: runId,
    head_hash: parent!,
    certificate: utf8(`certificate of ${runId}`),
    manifest_hash: new Uint8Array(32).fill(1),
    policy_bundle_hash: new Uint8Array(32).fill(2),
    determinism_profile_hash: new Uint8Array(32).fill(3),
  },
  probe,
);
process.stdout.write(`${calls}\n`);
