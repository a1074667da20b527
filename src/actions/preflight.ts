// Entry of actions/preflight (dist/actions/preflight.js).
import { preflightAction } from '../adapters/preflight-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(preflightAction, { ...context, runner: processRunner(context.env) });
