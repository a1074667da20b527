// The lock policy operators over generated lockfiles: ValidateLockfile (coded findings, sorted,
// the same for any entry order), VerifyArtifactHashes (counts that add up to the findings, the
// same for any index order), EvaluateUpgradeRequest (no change against itself, added and
// removed mirrored when swapped, allowed exactly by policy, pure; not order-free: of two entries
// with one name and version it keeps the lock's later one, and parsers sort their entries) and
// the version orders, which must be total and agree with PEP 440 (@renovatebot/pep440) and
// SemVer (semver) themselves.
import * as pep440 from '@renovatebot/pep440';
import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/error-codes.js';
import { evaluateUpgrade } from '../../src/lock/evaluate-upgrade.js';
import { sortFindings } from '../../src/lock/finding.js';
import type { Ecosystem, ParsedLockfile } from '../../src/lock/model.js';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { validateLockfile } from '../../src/lock/validate-lockfile.js';
import { verifyArtifactHashes, type IndexedArtifact } from '../../src/lock/verify-artifact-hashes.js';
import { sortVersions, versionDelta } from '../../src/lock/version-compare.js';
import { fuzz } from './fuzz-runs.js';
import { LOCKFILE, VERSION } from './lock-model.js';

const POLICY = defaultLockPolicy();
const KNOWN_CODES = Object.keys(ERROR_CODES);
const POLICIES = fc
  .record({
    strict: fc.boolean(),
    https_only: fc.boolean(),
    upgrades: fc.record({ major: fc.boolean(), added: fc.boolean(), hash_changed: fc.boolean() }),
  })
  .map((over) => ({ ...POLICY, ...over, upgrades: { ...POLICY.upgrades, ...over.upgrades } }));
const reversed = (lock: ParsedLockfile): ParsedLockfile => ({ ...lock, entries: [...lock.entries].reverse() });

/** An artifact index for a lock: files whose digests match a locked hash, miss it, or belong to nothing. */
const indexFor = (lock: ParsedLockfile) =>
  fc
    .array(
      fc.record({
        entry: fc.nat(),
        matches: fc.boolean(),
        named: fc.boolean(),
        path: fc.constantFrom('x.whl', 'y.tgz', 'extra.bin'),
      }),
      { maxLength: 5 },
    )
    .map((files) =>
      files.map(({ entry, matches, named, path }, i): IndexedArtifact => {
        const e = lock.entries[entry % Math.max(1, lock.entries.length)];
        const hash = e?.artifacts[0]?.hashes[0];
        return {
          path: `${i}/${path}`,
          filename: named ? (e?.artifacts[0]?.filename ?? path) : path,
          computed: hash
            ? { [hash.algorithm]: matches ? hash.hex : '0'.repeat(hash.hex.length) }
            : { sha256: '1'.repeat(64) },
        };
      }),
    );

/** The library's own order, or undefined when the library does not read the version. */
function libraryCompare(ecosystem: Ecosystem, a: string, b: string): number | undefined {
  if (ecosystem === 'pypi') return pep440.valid(a) && pep440.valid(b) ? Math.sign(pep440.compare(a, b)) : undefined;
  const [x, y] = [a, b].map((v) => semver.parse(semver.clean(v.replace(/^v/, '')) ?? v, { loose: true }));
  return x && y ? Math.sign(semver.compare(x, y)) : undefined;
}

describe('lock policy operators', () => {
  it('ValidateLockfile: coded, sorted findings, the same for any entry order', async () => {
    await fuzz('lock/validate', fc.tuple(LOCKFILE, POLICIES), ([lock, policy]) => {
      const findings = validateLockfile(lock, policy);
      for (const f of findings) expect(KNOWN_CODES).toContain(f.code);
      expect(sortFindings(findings)).toEqual(findings);
      expect(validateLockfile(reversed(lock), policy)).toEqual(findings);
      return findings.length === 0;
    });
  });

  it('VerifyArtifactHashes: counts add up to the findings, the same for any index order', async () => {
    const input = LOCKFILE.chain((lock) => fc.tuple(fc.constant(lock), indexFor(lock)));
    await fuzz('lock/verify-artifact-hashes', input, ([lock, index]) => {
      const result = verifyArtifactHashes([lock], index);
      expect(result.findings.length).toBe(result.missing + result.hash_mismatches + result.extra);
      expect(result.extra).toBeLessThanOrEqual(index.length);
      expect(verifyArtifactHashes([lock], [...index].reverse())).toEqual(result);
      return result.findings.length === 0 && result.verified > 0;
    });
  });

  it('EvaluateUpgradeRequest: nothing against itself, added and removed mirrored, allowed by policy', async () => {
    const input = LOCKFILE.chain((base) =>
      fc.tuple(
        fc.constant(base),
        LOCKFILE.map((p) => ({ ...p, format: base.format, ecosystem: base.ecosystem })),
        POLICIES,
      ),
    );
    await fuzz('lock/evaluate-upgrade', input, ([base, proposal, policy]) => {
      expect(evaluateUpgrade(base, base, policy)).toMatchObject({ changes: [], allowed: true });
      const report = evaluateUpgrade(base, proposal, policy);
      const back = evaluateUpgrade(proposal, base, policy);
      const count = (r: typeof report, change: string) => r.changes.filter((c) => c.change === change).length;
      expect(count(report, 'added')).toBe(count(back, 'removed'));
      for (const c of report.changes) expect(c.allowed).toBe(policy.upgrades[c.change]);
      expect(report.allowed).toBe(report.changes.every((c) => c.allowed));
      expect(evaluateUpgrade(structuredClone(base), structuredClone(proposal), policy)).toEqual(report);
      return report.allowed;
    });
  });

  it('version orders: total, independent of input order, and the libraries own', async () => {
    const input = fc.tuple(
      fc.constantFrom<Ecosystem>('pypi', 'npm'),
      fc.array(fc.oneof(VERSION, fc.string({ maxLength: 5 })), { minLength: 2, maxLength: 6 }),
    );
    await fuzz('lock/version-order', input, ([ecosystem, versions]) => {
      const sorted = sortVersions(ecosystem, versions);
      expect([...sorted].sort()).toEqual([...versions].sort());
      const again = sortVersions(ecosystem, [...versions].reverse());
      sorted.forEach((v, i) => expect(v === again[i] || libraryCompare(ecosystem, v, again[i]!) === 0).toBe(true));
      for (let i = 1; i < sorted.length; i++) {
        const order = libraryCompare(ecosystem, sorted[i - 1]!, sorted[i]!);
        if (order !== undefined) expect(order).toBeLessThanOrEqual(0);
      }
      const [a, b] = [versions[0]!, versions[1]!];
      const order = libraryCompare(ecosystem, a, b);
      const delta = versionDelta(ecosystem, a, b);
      if (order !== undefined) {
        expect(delta === 'same').toBe(order === 0);
        expect(delta === 'downgrade').toBe(order > 0);
      }
      return order !== undefined;
    });
  });
});
