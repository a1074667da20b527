// A committer of the race test: for each round the parent names, it commits that round's run
// with a certificate of its own and answers whether it won.
import { utf8 } from '../../../src/core/bytes.js';
import { fromHex } from '../../../src/core/bytes.js';
import { isRollgateError } from '../../../src/core/errors.js';
import { commitRun } from '../../../src/store/commit.js';
import { ObjectStore } from '../../../src/store/object-store.js';

const store = new ObjectStore(process.env.STATE_DIR!);
const worker = process.env.WORKER!;

process.on('message', (message: { round: number; head: string }) => {
  commitRun(store, {
    run_id: `race-${message.round}`,
    head_hash: fromHex(message.head),
    certificate: utf8(`certificate by worker ${worker} in round ${message.round}`),
    manifest_hash: new Uint8Array(32).fill(1),
    policy_bundle_hash: new Uint8Array(32).fill(2),
    determinism_profile_hash: new Uint8Array(32).fill(3),
  }).then(
    () => process.send!({ round: message.round, outcome: 'win' }),
    (error: unknown) =>
      process.send!({
        round: message.round,
        outcome: isRollgateError(error, 'COMMIT_CONFLICT')
          ? error.message.includes('already committed')
            ? 'late'
            : 'locked'
          : `error ${(error as Error).message.split('/').pop()}`,
      }),
  );
});
process.send!({ ready: true });
