// PEP 503 name normalization: lowercase, runs of `-`, `_` and `.` become one `-`.
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
