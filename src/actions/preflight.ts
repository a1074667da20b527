// Entry of actions/preflight (dist/actions/preflight.js).
import { preflightAction } from '../adapters/preflight-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';

process.exitCode = await runAction(preflightAction, {
  runner: processRunner(),
  env: process.env,
  now: () => Math.floor(Date.now() / 1000),
  host: { platform: process.platform, arch: process.arch, cwd: process.cwd() },
});
