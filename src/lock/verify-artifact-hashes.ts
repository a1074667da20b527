// UML_OS.DepLock.VerifyArtifactHashes_v1 (document 004, DESIGN 6): every downloaded artifact's
// streamed hash must equal a locked hash. Pure: the artifact index (files with their computed
// digests) arrives as data; missing artifacts and extra files are reported separately.
import { compareText } from '../core/errors.js';
import { finding, sortFindings, type LockFinding } from './finding.js';
import type { HashAlgorithm, LockEntry, ParsedLockfile } from './model.js';

export const VERIFY_OPERATOR = 'UML_OS.DepLock.VerifyArtifactHashes_v1';

export interface IndexedArtifact {
  /** Path relative to the index root, for messages. */
  readonly path: string;
  readonly filename: string;
  /** Digests computed from the file's bytes, lowercase hex, by algorithm. */
  readonly computed: Readonly<Partial<Record<HashAlgorithm, string>>>;
  /** A digest the index claims for the file (an npm cache names files by their sha512). */
  readonly claimed?: { readonly algorithm: HashAlgorithm; readonly hex: string };
  /** (name, version) parsed from a distribution file name, when it is one. */
  readonly distribution?: { readonly name: string; readonly version: string };
}

export interface ArtifactVerification {
  readonly findings: readonly LockFinding[];
  readonly verified: number;
  readonly hash_mismatches: number;
  readonly missing: number;
  readonly extra: number;
}

function lockedHashes(entry: LockEntry): Array<{ algorithm: HashAlgorithm; hex: string }> {
  return entry.artifacts.flatMap((a) => a.hashes);
}

function belongsTo(
  file: IndexedArtifact,
  entry: LockEntry,
  hashes: ReadonlyArray<{ algorithm: HashAlgorithm; hex: string }>,
): boolean {
  if (file.distribution && file.distribution.name === entry.name && file.distribution.version === entry.version)
    return true;
  if (entry.artifacts.some((a) => a.filename !== undefined && a.filename === file.filename)) return true;
  return hashes.some(
    (h) =>
      file.computed[h.algorithm] === h.hex || (file.claimed?.algorithm === h.algorithm && file.claimed.hex === h.hex),
  );
}

export function verifyArtifactHashes(
  locks: readonly ParsedLockfile[],
  index: readonly IndexedArtifact[],
): ArtifactVerification {
  const findings: LockFinding[] = [];
  const used = new Set<IndexedArtifact>();
  let verified = 0;
  let mismatches = 0;
  let missing = 0;
  for (const lock of locks) {
    for (const entry of lock.entries) {
      if ((entry.source.kind !== 'registry' && entry.source.kind !== 'url') || entry.artifacts.length === 0) continue;
      const at = { file: lock.path, line: entry.line, package: entry.name, version: entry.version };
      const hashes = lockedHashes(entry);
      const files = index.filter((f) => belongsTo(f, entry, hashes));
      if (files.length === 0) {
        missing++;
        findings.push(
          finding('ARTIFACT_MISSING', 'artifact', at, 'no artifact of this entry is in the artifact index'),
        );
        continue;
      }
      for (const file of files) {
        used.add(file);
        const comparable = hashes.filter((h) => file.computed[h.algorithm] !== undefined);
        if (comparable.length === 0) continue;
        if (comparable.some((h) => file.computed[h.algorithm] === h.hex)) {
          verified++;
        } else {
          mismatches++;
          const got = Object.entries(file.computed)
            .map(([alg, hex]) => `${alg}:${hex}`)
            .join(', ');
          findings.push(
            finding(
              'ARTIFACT_HASH_MISMATCH',
              'artifact',
              at,
              `${file.path} hashes to ${got}, which no locked hash of this entry matches`,
            ),
          );
        }
      }
    }
  }
  const extras = index.filter((f) => !used.has(f)).sort((a, b) => compareText(a.path, b.path));
  for (const file of extras) {
    findings.push(
      finding(
        'ARTIFACT_EXTRA',
        'artifact',
        {
          file: file.path,
          line: 0,
          package: file.distribution?.name ?? file.filename,
          version: file.distribution?.version ?? null,
        },
        'no lock entry names this file',
      ),
    );
  }
  return { findings: sortFindings(findings), verified, hash_mismatches: mismatches, missing, extra: extras.length };
}
