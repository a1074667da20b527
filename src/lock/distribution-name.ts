// (name, version) from a distribution file name: wheels `{name}-{version}(-{build})?-{python}-
// {abi}-{platform}.whl` (PEP 427), sdists `{name}-{version}.tar.gz|.zip` (PEP 625), and npm
// tarballs `{name}-{version}.tgz`. Names come back normalized for their ecosystem.
import { normalizePythonName } from './python-names.js';

const WHEEL_RE = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/;
const SDIST_RE = /^(.+)-([0-9][^-]*)\.(?:tar\.gz|zip|tar\.bz2)$/;
const NPM_TGZ_RE = /^(.+)-([0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.+-]*)?)\.tgz$/;

export function distributionOf(filename: string): { name: string; version: string } | undefined {
  const wheel = WHEEL_RE.exec(filename);
  if (wheel) return { name: normalizePythonName(wheel[1]!), version: wheel[2]! };
  const sdist = SDIST_RE.exec(filename);
  if (sdist) return { name: normalizePythonName(sdist[1]!), version: sdist[2]! };
  const tgz = NPM_TGZ_RE.exec(filename);
  if (tgz) return { name: tgz[1]!, version: tgz[2]! };
  return undefined;
}
