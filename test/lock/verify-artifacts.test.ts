// VerifyArtifactHashes_v1 over real artifact indexes built in temp directories: a wheelhouse
// or tarball directory, an npm cache (_cacache/content-v2, files named by their sha512), and a
// JSON index. Matching, mismatching, missing and extra artifacts each reported as such.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyArtifactHashes } from '../../src/lock/verify-artifact-hashes.js';
import { readArtifactIndex } from '../../src/providers/artifact-index.js';
import { entry, lockfile } from './model-fixtures.js';

const sha = (alg: string, text: string) => createHash(alg).update(text).digest('hex');

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rollgate-index-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const wheel = (name: string, version: string) => `${name}-${version}-py3-none-any.whl`;
const pyEntry = (name: string, version: string, content: string, line = 1) =>
  entry({
    name,
    version,
    line,
    artifacts: [{ filename: wheel(name, version), hashes: [{ algorithm: 'sha256', hex: sha('sha256', content) }] }],
  });

describe('VerifyArtifactHashes_v1', () => {
  it('verifies a wheelhouse: a match, a mismatch, a missing entry and an extra file', async () => {
    const root = dir({
      [wheel('idna', '3.7')]: 'idna bytes',
      [wheel('certifi', '1.0')]: 'tampered',
      'stray-9.9.tar.gz': 'x',
    });
    const index = await readArtifactIndex(root, ['sha256']);
    const lock = lockfile([
      pyEntry('idna', '3.7', 'idna bytes', 3),
      pyEntry('certifi', '1.0', 'certifi bytes', 7),
      pyEntry('urllib3', '2.2.1', 'u', 9),
    ]);
    const result = verifyArtifactHashes([lock], index);
    expect({
      verified: result.verified,
      mismatches: result.hash_mismatches,
      missing: result.missing,
      extra: result.extra,
    }).toEqual({ verified: 1, mismatches: 1, missing: 1, extra: 1 });
    expect(result.findings.map((f) => [f.code, f.package, f.line])).toEqual([
      ['ARTIFACT_EXTRA', 'stray', 0],
      ['ARTIFACT_HASH_MISMATCH', 'certifi', 7],
      ['ARTIFACT_MISSING', 'urllib3', 9],
    ]);
  });

  it('reads an npm cache, matching entries by the sha512 its files are named by', async () => {
    const content = 'tarball bytes';
    const hex = sha('sha512', content);
    const root = dir({ [`_cacache/content-v2/sha512/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex.slice(4)}`]: content });
    const index = await readArtifactIndex(root, ['sha512']);
    expect(index[0]!.claimed).toEqual({ algorithm: 'sha512', hex });
    const npm = { path: 'package-lock.json', format: 'package-lock.json', ecosystem: 'npm' } as const;
    const good = lockfile([entry({ name: 'left-pad', artifacts: [{ hashes: [{ algorithm: 'sha512', hex }] }] })], npm);
    expect(verifyArtifactHashes([good], index)).toMatchObject({
      verified: 1,
      hash_mismatches: 0,
      missing: 0,
      extra: 0,
    });
  });

  it('a cache file whose bytes differ from its name is a mismatch', async () => {
    const hex = sha('sha512', 'original');
    const root = dir({
      [`_cacache/content-v2/sha512/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex.slice(4)}`]: 'swapped',
    });
    const npm = { path: 'package-lock.json', format: 'package-lock.json', ecosystem: 'npm' } as const;
    const lock = lockfile([entry({ name: 'left-pad', artifacts: [{ hashes: [{ algorithm: 'sha512', hex }] }] })], npm);
    const result = verifyArtifactHashes([lock], await readArtifactIndex(root, ['sha512']));
    expect(result.findings.map((f) => f.code)).toEqual(['ARTIFACT_HASH_MISMATCH']);
  });

  it('accepts a JSON index of filenames and digests', async () => {
    const root = dir({
      'index.json': JSON.stringify({
        artifacts: [{ filename: wheel('idna', '3.7'), sha256: sha('sha256', 'idna bytes') }],
      }),
    });
    const index = await readArtifactIndex(join(root, 'index.json'), ['sha256']);
    expect(verifyArtifactHashes([lockfile([pyEntry('idna', '3.7', 'idna bytes')])], index)).toMatchObject({
      verified: 1,
      missing: 0,
    });
  });

  it('never follows links out of the index directory, and refuses a missing index', async () => {
    const root = dir({ [wheel('idna', '3.7')]: 'idna bytes' });
    symlinkSync('/etc/hostname', join(root, 'link.whl'));
    expect((await readArtifactIndex(root, ['sha256'])).map((a) => a.filename)).toEqual([wheel('idna', '3.7')]);
    await expect(readArtifactIndex(join(root, 'absent'), ['sha256'])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(readArtifactIndex(join(root, wheel('idna', '3.7')), ['sha256'])).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
