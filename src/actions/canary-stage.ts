// Entry of actions/canary-stage (dist/actions/canary-stage.js).
import { canaryStageAction } from '../adapters/canary-stage-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(canaryStageAction, { ...context, runner: processRunner(context.env) });
