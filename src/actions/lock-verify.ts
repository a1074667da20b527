// Entry of actions/lock-verify (dist/actions/lock-verify.js).
import { lockVerifyAction } from '../adapters/lock-verify-action.js';
import { runAction } from '../github/action-runtime.js';
import { processRunner } from '../github/runner.js';

process.exitCode = await runAction(lockVerifyAction, {
  runner: processRunner(),
  env: process.env,
  now: () => Math.floor(Date.now() / 1000),
});
