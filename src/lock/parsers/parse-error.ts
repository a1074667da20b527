// Every parse failure is a LOCK_PARSE_FAILED naming the file and the line (DESIGN 6).
import { RollgateError } from '../../core/errors.js';

export function lockParseError(path: string, line: number, message: string, cause?: unknown): RollgateError {
  return new RollgateError('LOCK_PARSE_FAILED', `${path}:${line}: ${message}`, {
    diagnostics: { path, line },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Runs a parser body so that anything unexpected (a library throwing on a shape we did not
 * foresee) still ends as a coded error with the file, never as a crash.
 */
export function guardParse<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Error && error.name === 'RollgateError') throw error;
    throw lockParseError(
      path,
      1,
      `cannot parse: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      error,
    );
  }
}
