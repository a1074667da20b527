// Python package names: PEP 503 normalization, and the PEP 508 check of a locked name.
import { lockParseError } from './parsers/parse-error.js';

/** PEP 503 normalization: lowercase, runs of `-`, `_` and `.` become one `-`. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

// PEP 508 names are ASCII letters, digits, `.`, `_` and `-`, starting and ending alphanumeric.
// Anything else (a Kelvin sign K, a zero-width space) is refused, never folded to a look-alike.
const PEP508_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** A locked package's name, normalized; a name PEP 508 does not allow is LOCK_PARSE_FAILED. */
export function lockedPythonName(name: string, path: string, line: number): string {
  if (!PEP508_NAME.test(name))
    throw lockParseError(
      path,
      line,
      `package name ${JSON.stringify(name)} is not a PEP 508 name (ASCII letters, digits, . _ -)`,
    );
  return normalizePythonName(name);
}
