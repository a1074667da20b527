// Entry of actions/rollback (dist/actions/rollback.js).
import { rollbackAction } from '../adapters/rollback-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(rollbackAction, { ...context, runner: processRunner(context.env) });
