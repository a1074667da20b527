// Version comparison per ecosystem (DESIGN 6): PEP 440 for Python (@renovatebot/pep440), SemVer
// for npm (semver), and for actions the SemVer of their `# vX.Y.Z` tag comments when present.
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import type { Ecosystem } from './model.js';

export type VersionDelta = 'major' | 'minor' | 'patch' | 'prerelease' | 'downgrade' | 'same' | 'unknown';

interface Parsed {
  readonly release: readonly number[];
  readonly prerelease: boolean;
}

function parse(ecosystem: Ecosystem, version: string): Parsed | undefined {
  if (ecosystem === 'pypi') {
    const v = pep440.explain(version);
    return v ? { release: v.release, prerelease: v.is_prerelease || v.is_devrelease } : undefined;
  }
  const v = semver.parse(semver.clean(version.replace(/^v/, '')) ?? version, { loose: true });
  return v ? { release: [v.major, v.minor, v.patch], prerelease: v.prerelease.length > 0 } : undefined;
}

function compare(ecosystem: Ecosystem, a: string, b: string): number {
  if (ecosystem === 'pypi') return pep440.compare(a, b);
  return semver.compare(a.replace(/^v/, ''), b.replace(/^v/, ''), { loose: true });
}

/** How `to` differs from `from`: a downgrade, a prerelease target, or the first release part that grew. */
export function versionDelta(ecosystem: Ecosystem, from: string, to: string): VersionDelta {
  const a = parse(ecosystem, from);
  const b = parse(ecosystem, to);
  if (!a || !b) return from === to ? 'same' : 'unknown';
  const order = compare(ecosystem, from, to);
  if (order === 0) return 'same';
  if (order > 0) return 'downgrade';
  if (b.prerelease) return 'prerelease';
  const at = (p: Parsed, i: number) => p.release[i] ?? 0;
  if (at(b, 0) !== at(a, 0)) return 'major';
  if (at(b, 1) !== at(a, 1)) return 'minor';
  return 'patch';
}

/** Sorts versions of one package ascending by the ecosystem's order (unparseable ones last, by text). */
export function sortVersions(ecosystem: Ecosystem, versions: readonly string[]): string[] {
  return [...versions].sort((x, y) => {
    const px = parse(ecosystem, x);
    const py = parse(ecosystem, y);
    if (px && py) return compare(ecosystem, x, y);
    if (px) return -1;
    if (py) return 1;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
