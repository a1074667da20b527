// A lock finding: one rule broken by one entry, with everything an annotation and a reviewer
// need (file, line, package, rule, code). Findings sort by (file, line, package, code) so a
// report is the same bytes whatever order the checks ran in.
import { ERROR_CODES, type ErrorCode } from '../core/error-codes.js';
import { compareText } from '../core/errors.js';

export const LOCK_CHECKS = [
  'pinned',
  'hash',
  'host',
  'https',
  'source',
  'strict',
  'action-pin',
  'image-pin',
  'artifact',
  'upgrade',
] as const;
export type LockCheck = (typeof LOCK_CHECKS)[number];

export interface LockFinding {
  readonly code: ErrorCode;
  readonly severity: 'error' | 'warning';
  readonly check: LockCheck;
  readonly file: string;
  readonly line: number;
  readonly package: string;
  readonly version: string | null;
  readonly message: string;
}

export function finding(
  code: ErrorCode,
  check: LockCheck,
  at: { file: string; line: number; package: string; version: string | null },
  message: string,
): LockFinding {
  return { code, severity: ERROR_CODES[code].severity === 'WARN' ? 'warning' : 'error', check, ...at, message };
}

export function sortFindings(findings: readonly LockFinding[]): LockFinding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      compareText(a.package, b.package) ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message) ||
      compareText(JSON.stringify(a.version), JSON.stringify(b.version)),
  );
}
