// Entry of actions/promote (dist/actions/promote.js).
import { promoteAction } from '../adapters/promote-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';

process.exitCode = await runAction(promoteAction, {
  runner: processRunner(),
  env: process.env,
  now: () => Math.floor(Date.now() / 1000),
  host: { platform: process.platform, arch: process.arch, cwd: process.cwd() },
});
