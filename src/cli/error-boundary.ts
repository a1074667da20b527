// Every command runs inside this boundary: a user's mistake exits 1 with its code, message
// and fix; a bug (or anything that is not a RollgateError, including non-Error throws) exits
// 2 with the stack when ROLLGATE_DEBUG is set. A raw file-system error of the environment
// (a full disk, a read-only mount, no permission, …) that no writer wrapped is the user's,
// not a bug: it is reported as its coded error (store/fs-error.ts). Never process.exit:
// pending writes finish.
import { ERROR_CODES } from '../core/error-codes.js';
import { RollgateError } from '../core/errors.js';
import { environmentError } from '../store/fs-error.js';

export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_BUG = 2;

export function exitCodeFor(thrown: unknown): number {
  const error = environmentError(thrown) ?? thrown;
  return error instanceof RollgateError && ERROR_CODES[error.code].fault === 'user' ? EXIT_USER : EXIT_BUG;
}

export function describeError(thrown: unknown, debug: boolean): string {
  const error = environmentError(thrown) ?? thrown;
  if (error instanceof RollgateError) {
    const spec = ERROR_CODES[error.code];
    const lines = [`error[${error.code} ${spec.numeric_code}]: ${error.message}`, `  fix: ${spec.fix}`];
    if (debug && error.stack) lines.push(error.stack);
    if (debug && error.cause instanceof Error && error.cause.stack) lines.push(`caused by ${error.cause.stack}`);
    return lines.join('\n');
  }
  const text = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  return (
    `error[INTERNAL_ERROR ${ERROR_CODES.INTERNAL_ERROR.numeric_code}]: ${text}\n  fix: ${ERROR_CODES.INTERNAL_ERROR.fix}` +
    (debug ? '' : ' (set ROLLGATE_DEBUG=1 for the stack)')
  );
}

/**
 * Runs a command and describes a failure on `output.err`. The output is typed by its shape, not
 * as CliOutput: output.ts imports this module.
 */
export async function runGuarded(
  action: () => Promise<number | void>,
  output: { err(text: string): void },
  debug: boolean,
): Promise<number> {
  try {
    return (await action()) ?? EXIT_OK;
  } catch (error) {
    output.err(describeError(error, debug));
    return exitCodeFor(error);
  }
}
