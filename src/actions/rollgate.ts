// Entry of the root action (action.yml at the repository root, dist/actions/rollgate.js).
import { rootAction } from '../adapters/root-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(rootAction, { ...context, runner: processRunner(context.env) });
