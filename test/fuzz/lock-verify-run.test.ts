// The whole lock-verify operator (runLockVerify) over generated lockfiles, with or without an
// upgrade base: a pure function (the same report, SBOM bytes and records twice; entry order
// is the parsers' sorted one, so it is not varied here), a verdict that is exactly "no error finding", counts that add up, the
// document 004 trace (run_header, one iter per package and check, one error record per error
// finding, run_end, t counting up) and an SBOM that is CycloneDX JSON hashed into the report.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCanonical } from '../../src/core/cbor.js';
import { sha256 } from '../../src/core/digest.js';
import { ERROR_CODES } from '../../src/core/error-codes.js';
import { runLockVerify, type LockVerifyInput } from '../../src/lock/lock-verify.js';
import type { ParsedLockfile } from '../../src/lock/model.js';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { fuzz } from './fuzz-runs.js';
import { LOCKFILE } from './lock-model.js';

const CHECKS_PER_ENTRY = 4; // pinned, source, hash, strict (no artifact index here)
const KNOWN_CODES = Object.keys(ERROR_CODES);

function input(lock: ParsedLockfile, base: ParsedLockfile | undefined, mode: 'enforce' | 'warn'): LockVerifyInput {
  return {
    lockfiles: [{ bytes: new TextEncoder().encode(`lock of ${lock.entries.length}`), parsed: lock }],
    policy: defaultLockPolicy(),
    policy_hash: new Uint8Array(32).fill(1),
    ...(base ? { bases: [{ path: lock.path, parsed: base }] } : {}),
    toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'uv 0.5.1' },
    platform: 'linux',
    arch: 'x64',
    mode,
    tool: { name: 'rollgate', version: '0.1.0' },
  };
}

const bytesOf = (result: ReturnType<typeof runLockVerify>) => ({
  report: encodeCanonical(result.report),
  sbom: result.sbom,
  records: result.records.map((r) => encodeCanonical(r)),
});

describe('the lock-verify operator', () => {
  it('runLockVerify: pure, order-free, its verdict, counts, trace and SBOM consistent', async () => {
    const cases = fc.tuple(LOCKFILE, fc.option(LOCKFILE, { nil: undefined }), fc.constantFrom('enforce', 'warn'));
    await fuzz(
      'lock/run-lock-verify',
      cases,
      ([lock, generatedBase, mode]) => {
        const base = generatedBase && { ...generatedBase, path: lock.path };
        const result = runLockVerify(input(lock, base, mode));
        const { report, records } = result;

        expect(bytesOf(runLockVerify(input(lock, base, mode)))).toEqual(bytesOf(result));

        const errors = report.findings.filter((f) => f.severity === 'error');
        for (const f of report.findings) expect(KNOWN_CODES).toContain(f.code);
        expect(report.lock_verdict).toBe(errors.length === 0 ? 'pass' : 'fail');
        expect(report.packages_total).toBe(lock.entries.length);
        expect(report.hash_mismatches + report.policy_violations).toBe(errors.length);
        expect(report.upgrade_report.requested).toBe(base !== undefined);

        expect(records.map((r) => r.t)).toEqual(records.map((_, i) => i));
        expect(records[0]!.record_type).toBe('run_header');
        expect(records.at(-1)).toMatchObject({ record_type: 'run_end', status: report.completion_status });
        const iters = records.filter((r) => r.record_type === 'iter').length;
        expect(iters).toBe(lock.entries.length * (CHECKS_PER_ENTRY + (base ? 1 : 0)));
        expect(records.filter((r) => r.record_type === 'error')).toHaveLength(errors.length);

        expect(report.sbom_hash).toEqual(sha256(result.sbom));
        const sbom = JSON.parse(new TextDecoder().decode(result.sbom)) as { bomFormat: string; components: unknown[] };
        expect(sbom.bomFormat).toBe('CycloneDX');
        expect(sbom.components.length).toBeLessThanOrEqual(lock.entries.length);
        return report.lock_verdict === 'pass';
      },
      0.2,
    );
  });
});
