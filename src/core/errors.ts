// Errors are values with a code (DESIGN 4.5). RollgateError is the thrown form; an
// ErrorRecord is the form kept in traces and reports. Callers branch on `code`, never on
// the message.
import { ERROR_CODES, type ErrorCode, type Severity } from './error-codes.js';

/** A flat map of scalars: diagnostics must stay hashable and printable on one line. */
export type Diagnostics = Readonly<Record<string, string | number | boolean | null>>;

export interface ErrorOptions {
  readonly diagnostics?: Diagnostics;
  readonly cause?: unknown;
}

export class RollgateError extends Error {
  readonly code: ErrorCode;
  readonly diagnostics: Diagnostics;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RollgateError';
    this.code = code;
    this.diagnostics = options.diagnostics ?? {};
  }

  get spec() {
    return ERROR_CODES[this.code];
  }
}

export function isRollgateError(value: unknown, code?: ErrorCode): value is RollgateError {
  return value instanceof RollgateError && (code === undefined || value.code === code);
}

/** The error record of DESIGN 4.5, as kept in traces and reports. */
export interface ErrorRecord {
  readonly code_id: ErrorCode;
  readonly numeric_code: number;
  readonly severity: Severity;
  readonly subsystem: string;
  readonly t: number;
  readonly failure_operator: string;
  readonly replay_token: Uint8Array;
  readonly message: string;
  readonly retryable: boolean;
  readonly diagnostics: Diagnostics;
}

export interface RecordContext {
  readonly t: number;
  readonly failure_operator: string;
  readonly replay_token: Uint8Array;
}

export function errorRecord(
  code: ErrorCode,
  message: string,
  context: RecordContext,
  diagnostics: Diagnostics = {},
): ErrorRecord {
  const spec = ERROR_CODES[code];
  return {
    code_id: code,
    numeric_code: spec.numeric_code,
    severity: spec.severity,
    subsystem: spec.subsystem,
    t: context.t,
    failure_operator: context.failure_operator,
    replay_token: context.replay_token,
    message,
    retryable: spec.retryable,
    diagnostics,
  };
}

export function recordFromError(error: RollgateError, context: RecordContext): ErrorRecord {
  return errorRecord(error.code, error.message, context, error.diagnostics);
}

/** Records sort by (t, failure_operator, code_id) and are never dropped (DESIGN 4.5). */
export function sortErrorRecords(records: readonly ErrorRecord[]): ErrorRecord[] {
  return [...records].sort(
    (a, b) => a.t - b.t || compareText(a.failure_operator, b.failure_operator) || compareText(a.code_id, b.code_id),
  );
}

/** Code-unit order, independent of the locale, so sorting is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
