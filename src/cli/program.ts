// The rollgate command line: one commander program, each command a thin adapter over an
// operator, each run inside the error boundary.
import { Command, CommanderError } from 'commander';
import { RollgateError } from '../core/errors.js';
import { registerBundle } from './commands/bundle.js';
import { registerDemo } from './commands/demo.js';
import { registerGc } from './commands/gc.js';
import { registerHash } from './commands/hash.js';
import { registerKeygen } from './commands/keygen.js';
import { registerLockVerify } from './commands/lock-verify.js';
import { registerPromotion } from './commands/promotion.js';
import { registerRelease } from './commands/release.js';
import { registerRollout } from './commands/rollout.js';
import { registerRunFixture } from './commands/run-fixture.js';
import { registerStatus } from './commands/status.js';
import { registerVerify } from './commands/verify.js';
import type { CliDeps, RunCommand } from './deps.js';
import { EXIT_USER, describeError, runGuarded } from './error-boundary.js';
import { processOutput } from './output.js';
import { VERSION } from '../core/version.js';
import { processContext } from '../util/process-context.js';

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const debug = Boolean(deps.env.ROLLGATE_DEBUG);
  let exitCode = 0;
  let pending: Promise<void> = Promise.resolve();
  const run: RunCommand = (action) => {
    pending = runGuarded(action, deps.output, debug).then((code) => void (exitCode = code));
  };
  const program = new Command('rollgate')
    .description('evidence-gated progressive delivery: verified locks, signed releases, canary gates, signed promotion')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.output.out(s.replace(/\n$/, '')),
      writeErr: (s) => deps.output.err(s.replace(/\n$/, '')),
    });
  registerDemo(program, deps, run);
  registerKeygen(program, deps, run);
  registerHash(program, deps, run);
  registerVerify(program, deps, run);
  registerLockVerify(program, deps, run);
  registerStatus(program, deps, run);
  registerBundle(program, deps, run);
  registerGc(program, deps, run);
  registerRelease(program, deps, run);
  registerRollout(program, deps, run);
  registerPromotion(program, deps, run);
  registerRunFixture(program, deps, run);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USER;
    // Flags are parsed inside each command's boundary (parse-options.ts); anything else that
    // escapes commander is still reported with its code, never as a stack trace.
    deps.output.err(describeError(error, debug));
    return error instanceof RollgateError ? EXIT_USER : 2;
  }
  await pending;
  return exitCode;
}

export const defaultDeps: CliDeps = { output: processOutput, ...processContext() };
