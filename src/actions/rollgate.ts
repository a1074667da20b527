// Entry of the root action (action.yml at the repository root, dist/actions/rollgate.js).
import { rootAction } from '../adapters/root-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';

process.exitCode = await runAction(rootAction, {
  runner: processRunner(),
  env: process.env,
  now: () => Math.floor(Date.now() / 1000),
  host: { platform: process.platform, arch: process.arch, cwd: process.cwd() },
});
