// Entry of actions/promote (dist/actions/promote.js).
import { promoteAction } from '../adapters/promote-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(promoteAction, { ...context, runner: processRunner(context.env) });
