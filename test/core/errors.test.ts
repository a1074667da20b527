import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorRecord, sortErrorRecords, type ErrorCode } from '../../src/core/index.js';

describe('error registry', () => {
  const entries = Object.entries(ERROR_CODES) as Array<[ErrorCode, (typeof ERROR_CODES)[ErrorCode]]>;
  it('has unique numeric codes, a fix for each, and the spec family numbers', () => {
    const numbers = entries.map(([, s]) => s.numeric_code);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const [, s] of entries) {
      expect(s.fix.length).toBeGreaterThan(10);
      expect(['user', 'bug']).toContain(s.fault);
      expect(['FATAL', 'ERROR', 'WARN']).toContain(s.severity);
    }
    expect([
      ERROR_CODES.CONTRACT_VIOLATION.numeric_code,
      ERROR_CODES.WAL_CORRUPTION.numeric_code,
      ERROR_CODES.REPLAY_DIVERGENCE.numeric_code,
    ]).toEqual([1801, 1502, 1901]);
  });

  it('records carry the registry fields and sort by (t, failure_operator, code_id), keeping duplicates', () => {
    const token = new Uint8Array(32);
    const ctx = (t: number, op: string) => ({ t, failure_operator: op, replay_token: token });
    const records = [
      errorRecord('LOCK_UNPINNED', 'b', ctx(2, 'UML_OS.DepLock.ValidateLockfile_v1')),
      errorRecord('LOCK_HASH_MISSING', 'a', ctx(2, 'UML_OS.DepLock.ValidateLockfile_v1')),
      errorRecord('ARTIFACT_HASH_MISMATCH', 'c', ctx(1, 'UML_OS.DepLock.VerifyArtifactHashes_v1')),
      errorRecord('LOCK_HASH_MISSING', 'a', ctx(2, 'UML_OS.DepLock.ValidateLockfile_v1')),
    ];
    expect(records[0]).toMatchObject({
      code_id: 'LOCK_UNPINNED',
      numeric_code: 2104,
      severity: 'ERROR',
      subsystem: 'locks',
      retryable: false,
    });
    expect(sortErrorRecords(records).map((r) => [r.t, r.code_id])).toEqual([
      [1, 'ARTIFACT_HASH_MISMATCH'],
      [2, 'LOCK_HASH_MISSING'],
      [2, 'LOCK_HASH_MISSING'],
      [2, 'LOCK_UNPINNED'],
    ]);
  });
});
