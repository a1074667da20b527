// Entry of actions/lock-verify (dist/actions/lock-verify.js).
import { lockVerifyAction } from '../adapters/lock-verify-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';

process.exitCode = await runAction(lockVerifyAction, {
  runner: processRunner(),
  env: process.env,
  now: () => Math.floor(Date.now() / 1000),
  host: { platform: process.platform, arch: process.arch, cwd: process.cwd() },
});
