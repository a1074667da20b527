// Entry of actions/lock-verify (dist/actions/lock-verify.js).
import { lockVerifyAction } from '../adapters/lock-verify-action.js';
import { runAction } from '../action-shell/action-runtime.js';
import { processRunner } from '../action-shell/runner.js';
import { processContext } from '../util/process-context.js';

const context = processContext();
process.exitCode = await runAction(lockVerifyAction, { ...context, runner: processRunner(context.env) });
