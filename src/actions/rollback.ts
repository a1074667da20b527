// Entry of actions/rollback (dist/actions/rollback.js).
import { rollbackAction } from '../adapters/rollback-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';

process.exitCode = await runAction(rollbackAction, {
  runner: processRunner(),
  env: process.env,
  now: () => Math.floor(Date.now() / 1000),
  host: { platform: process.platform, arch: process.arch, cwd: process.cwd() },
});
