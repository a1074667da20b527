// UML_OS.DepLock.ValidateLockfile_v1 (document 004, DESIGN 6): every entry pinned to one exact
// version, every artifact hashed with an accepted algorithm, sources only from allowed hosts
// over HTTPS, direct URL / git / path sources only when the policy pins them, strict mode (no
// unlocked transitive dependency), and workflow `uses:` pinned to a commit SHA; every index
// option that names a source or weakens transport judged by the same rules (index-options.ts).
// Pure.
import { finding, sortFindings, type LockFinding } from './finding.js';
import { indexOptionProblems, indexValueProblems, urlProblems, type At } from './index-options.js';
import type { LockEntry, LockSource, ParsedLockfile } from './model.js';
import type { LockPolicy } from './policy.js';

export const VALIDATE_OPERATOR = 'UML_OS.DepLock.ValidateLockfile_v1';

/** A path that stays inside the lock's project: relative and never climbing out with `..`. */
function isInsideProject(path: string | undefined): boolean {
  if (path === undefined) return false;
  const normalized = path.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized) || normalized.startsWith('file:')) return false;
  let depth = 0;
  for (const part of normalized.split('/')) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return false;
  }
  return true;
}

function sourceProblems(
  entry: LockEntry,
  source: LockSource,
  policy: LockPolicy,
  roots: ReadonlySet<string>,
  at: At,
): LockFinding[] {
  switch (source.kind) {
    case 'registry':
      return source.url === undefined ? [] : indexValueProblems(source.url, policy, at, 'registry');
    case 'git': {
      const listed = policy.allowed_sources.find((s) => s.kind === 'git' && s.url === source.url);
      if (!listed || listed.kind !== 'git')
        return [
          finding('LOCK_SOURCE_FORBIDDEN', 'source', at, `git source ${source.url ?? '?'} is not in allowed_sources`),
        ];
      if (source.commit === undefined || !/^[0-9a-f]{40}$/.test(source.commit))
        return [
          finding(
            'LOCK_GIT_NOT_PINNED',
            'source',
            at,
            `git source ${source.url ?? '?'} is not pinned to a full commit`,
          ),
        ];
      return source.commit === listed.commit
        ? []
        : [
            finding(
              'LOCK_GIT_NOT_PINNED',
              'source',
              at,
              `git source is at ${source.commit}, allowed_sources pins ${listed.commit}`,
            ),
          ];
    }
    case 'url': {
      const listed = policy.allowed_sources.find((s) => s.kind === 'url' && s.url === source.url);
      if (!listed || listed.kind !== 'url')
        return [
          finding('LOCK_SOURCE_FORBIDDEN', 'source', at, `direct URL ${source.url ?? '?'} is not in allowed_sources`),
        ];
      const hashed = entry.artifacts.some((a) =>
        a.hashes.some((h) => h.algorithm === 'sha256' && h.hex === listed.sha256),
      );
      return hashed
        ? []
        : [
            finding(
              'LOCK_SOURCE_FORBIDDEN',
              'source',
              at,
              `direct URL ${source.url ?? '?'} does not carry the sha256 allowed_sources pins`,
            ),
          ];
    }
    case 'path':
    case 'directory':
    case 'editable': {
      // The project's own members (workspace roots inside the project) are not third-party code.
      if (roots.has(entry.name) && isInsideProject(source.path)) return [];
      const listed = policy.allowed_sources.some(
        (s) => s.kind === source.kind && 'path' in s && s.path === source.path,
      );
      return listed
        ? []
        : [
            finding(
              'LOCK_SOURCE_FORBIDDEN',
              'source',
              at,
              `${source.kind} source ${source.path ?? '?'} is not in allowed_sources${isInsideProject(source.path) ? '' : ' (and it points outside the project)'}`,
            ),
          ];
    }
    case 'workspace':
      return isInsideProject(source.path ?? '.')
        ? []
        : [
            finding(
              'LOCK_SOURCE_FORBIDDEN',
              'source',
              at,
              `workspace link ${source.path ?? '?'} points outside the project`,
            ),
          ];
    case 'unknown':
      return [
        finding('LOCK_SOURCE_UNKNOWN', 'source', at, 'the lock records neither a resolved URL nor an integrity hash'),
      ];
    case 'action':
    case 'local-action':
    case 'docker':
      return [];
  }
}

/** Registry and direct-URL packages carry artifacts; each needs a hash of an accepted algorithm. */
function hashProblems(entry: LockEntry, policy: LockPolicy, at: At): LockFinding[] {
  if (entry.source.kind !== 'registry' && entry.source.kind !== 'url') return [];
  if (entry.artifacts.length === 0) return [finding('LOCK_HASH_MISSING', 'hash', at, 'no artifact hash is locked')];
  const accepted = new Set<string>(policy.hash_algorithms);
  const out: LockFinding[] = [];
  for (const artifact of entry.artifacts) {
    const name = artifact.filename ?? artifact.url ?? 'artifact';
    if (artifact.hashes.length === 0) out.push(finding('LOCK_HASH_MISSING', 'hash', at, `${name} has no hash`));
    else if (!artifact.hashes.some((h) => accepted.has(h.algorithm))) {
      out.push(
        finding(
          'LOCK_HASH_WEAK',
          'hash',
          at,
          `${name} is hashed only with ${[...new Set(artifact.hashes.map((h) => h.algorithm))].join(', ')}`,
        ),
      );
    }
    if (artifact.url !== undefined && entry.source.kind === 'registry' && artifact.url !== entry.source.url)
      out.push(...urlProblems(artifact.url, policy, at, 'artifact'));
  }
  return out;
}

function matchesPattern(name: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  return p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p;
}

function workflowProblems(entry: LockEntry, policy: LockPolicy, at: At): LockFinding[] {
  const { source } = entry;
  if (source.kind === 'action') {
    if (source.commit !== undefined && /^[0-9a-f]{40}$/.test(source.commit)) return [];
    if (policy.actions.allow_unpinned.some((p) => matchesPattern(entry.name, p))) return [];
    return [
      finding(
        'LOCK_ACTION_NOT_PINNED',
        'action-pin',
        at,
        `uses: ${entry.raw_name}@${source.ref ?? ''} is not pinned to a commit SHA`,
      ),
    ];
  }
  if (source.kind === 'docker' && source.digest === undefined) {
    return [
      finding(
        'LOCK_IMAGE_NOT_PINNED',
        'image-pin',
        at,
        `docker image ${source.url ?? entry.raw_name} is not pinned by digest`,
      ),
    ];
  }
  return [];
}

/**
 * `run.paths`: the files verified in the same run, so that a requirements file pulled in with
 * -r/-c counts as checked when it is one of them (without it, none is).
 */
export function validateLockfile(
  lock: ParsedLockfile,
  policy: LockPolicy,
  run: { readonly paths: ReadonlySet<string> } = { paths: new Set() },
): LockFinding[] {
  const roots = new Set(lock.roots);
  const names = new Set(lock.entries.map((e) => e.name));
  const findings: LockFinding[] = [];
  for (const entry of lock.entries) {
    const at: At = { file: lock.path, line: entry.line, package: entry.name, version: entry.version };
    if (lock.ecosystem === 'github-actions') {
      findings.push(...workflowProblems(entry, policy, at));
      continue;
    }
    const ownCode = roots.has(entry.name) || entry.source.kind === 'workspace';
    // Local path sources carry no registry version; the source rule judges them.
    const local = entry.source.kind === 'path' || entry.source.kind === 'directory' || entry.source.kind === 'editable';
    if (entry.version === null && !ownCode && !local) {
      findings.push(
        finding(
          'LOCK_UNPINNED',
          'pinned',
          at,
          `not pinned to one exact version (${entry.version_spec ?? 'no version'})`,
        ),
      );
    }
    findings.push(...sourceProblems(entry, entry.source, policy, roots, at));
    findings.push(...hashProblems(entry, policy, at));
    if (policy.strict) {
      for (const edge of entry.dependencies) {
        if (!edge.optional && !names.has(edge.name) && !roots.has(edge.name)) {
          findings.push(
            finding(
              'LOCK_UNLOCKED_DEPENDENCY',
              'strict',
              at,
              `depends on ${edge.name}${edge.spec ? ` (${edge.spec})` : ''}, which the lock does not lock`,
            ),
          );
        }
      }
    }
  }
  for (const option of lock.indexes) findings.push(...indexOptionProblems(lock, option, policy, run));
  return sortFindings(findings);
}
