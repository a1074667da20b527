// Lock model fixtures from literals: one entry per call, overridable field by field.
import type { LockEntry, ParsedLockfile } from '../../src/lock/model.js';

export const SHA256 = 'a'.repeat(64);
export const SHA512 = 'b'.repeat(128);

export function entry(over: Partial<LockEntry> & { name: string }): LockEntry {
  return {
    raw_name: over.name,
    version: '1.0.0',
    source: { kind: 'registry', url: 'https://pypi.org/simple' },
    artifacts: [
      {
        filename: `${over.name}-1.0.0.tar.gz`,
        url: `https://files.pythonhosted.org/packages/${over.name}-1.0.0.tar.gz`,
        hashes: [{ algorithm: 'sha256', hex: SHA256 }],
      },
    ],
    dependencies: [],
    line: 1,
    ...over,
  };
}

export function lockfile(entries: LockEntry[], over: Partial<ParsedLockfile> = {}): ParsedLockfile {
  return { path: 'uv.lock', format: 'uv.lock', ecosystem: 'pypi', entries, indexes: [], roots: [], ...over };
}
