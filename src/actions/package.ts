// Entry of actions/package (dist/actions/package.js).
import { packageAction } from '../adapters/package-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(packageAction, { ...context, runner: processRunner(context.env) });
