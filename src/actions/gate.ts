// Entry of actions/gate (dist/actions/gate.js).
import { gateAction } from '../adapters/gate-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(gateAction, { ...context, runner: processRunner(context.env) });
