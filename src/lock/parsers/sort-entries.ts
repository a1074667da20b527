// Entries sorted by package name, then source, then version (document 004 0.D).
import { compareText } from '../../core/errors.js';
import type { LockEntry } from '../model.js';

function sourceText(entry: LockEntry): string {
  return `${entry.source.kind}:${entry.source.url ?? entry.source.path ?? ''}`;
}

export function sortEntries(entries: readonly LockEntry[]): LockEntry[] {
  return [...entries].sort(
    (a, b) =>
      compareText(a.name, b.name) ||
      compareText(sourceText(a), sourceText(b)) ||
      compareText(a.version ?? '', b.version ?? '') ||
      a.line - b.line,
  );
}
