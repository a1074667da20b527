// Version comparison against third-party vectors: pypa/packaging's VERSIONS list (strictly
// ascending PEP 440 order) and node-semver's comparison fixtures (first > second).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortVersions, versionDelta } from '../../src/lock/version-compare.js';
import { hasSharedVectors, readJson, sharedVectors } from '../helpers/vectors.js';

describe.skipIf(!hasSharedVectors)('version vectors', () => {
  it("sorts packaging's 92 PEP 440 versions into their ascending order, and every later one is an upgrade", () => {
    const versions = readJson<{ constants: { VERSIONS: string[] } }>(
      resolve(sharedVectors, 'versions/pep440/packaging_test_version.json'),
    ).constants.VERSIONS;
    expect(versions).toHaveLength(92);
    expect(sortVersions('pypi', [...versions].reverse())).toEqual(versions);
    for (let i = 1; i < versions.length; i++)
      expect(versionDelta('pypi', versions[i]!, versions[i - 1]!)).toBe('downgrade');
  });

  it('agrees with every node-semver comparison fixture', () => {
    const cases = readJson<{ cases: Array<[string, string, boolean?]> }>(
      resolve(sharedVectors, 'versions/node-semver/comparisons.json'),
    ).cases;
    expect(cases.length).toBeGreaterThan(30);
    for (const [greater, lesser] of cases)
      expect([greater, lesser, versionDelta('npm', greater, lesser)]).toEqual([greater, lesser, 'downgrade']);
  });
});
