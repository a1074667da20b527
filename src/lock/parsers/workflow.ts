// GitHub workflow and action files: every `uses:` of a job (reusable workflow), of a job's
// steps, or of a composite action's steps is one entry. `owner/repo[/path]@ref` is pinned only
// by a full 40-hex commit; `./…` is local; `docker://image` is pinned only by digest. The
// trailing comment (`# v4.1.1`, ratchet markers) is kept, since reviewers read it.
import { isPair, isScalar, visit } from 'yaml';
import type { LockEntry, ParsedLockfile } from '../model.js';
import { guardParse, lockParseError } from './parse-error.js';
import { sortEntries } from './sort-entries.js';
import { parseYamlDoc } from '../../util/yaml-doc.js';

const COMMIT_RE = /^[0-9a-f]{40}$/;
/** What GitHub runs: a local path, a container image, or an action in a repository. */
const USES_RE = /^(?:\.{1,2}\/.*|docker:\/\/[^\s@:/][^\s]*|[^\s/@]+\/[^\s/@]+(?:\/[^\s@]*)?@\S*)$/;

function trailingComment(lines: readonly string[], line: number): string | undefined {
  const text = lines[line - 1] ?? '';
  const at = text.search(/\s#/);
  return at >= 0 ? text.slice(at).trim().replace(/^#\s*/, '') : undefined;
}

export function usesEntry(uses: string, line: number, comment: string | undefined): LockEntry {
  const base = { raw_name: uses, artifacts: [], dependencies: [], line, ...(comment ? { markers: comment } : {}) };
  if (uses.startsWith('./') || uses.startsWith('../')) {
    return { ...base, name: uses, version: null, version_spec: 'local', source: { kind: 'local-action', path: uses } };
  }
  if (uses.startsWith('docker://')) {
    const image = uses.slice('docker://'.length);
    const digest = /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1];
    const name = image.replace(/@sha256:[0-9a-f]{64}$/, '').replace(/:[^/:]+$/, '');
    return {
      ...base,
      name: name.toLowerCase(),
      version: digest ?? null,
      ...(digest ? {} : { version_spec: image.slice(name.length).replace(/^:/, '') || 'latest' }),
      source: { kind: 'docker', url: uses, ...(digest ? { digest } : {}) },
    };
  }
  const at = uses.lastIndexOf('@');
  const ref = at > 0 ? uses.slice(at + 1) : '';
  const path = at > 0 ? uses.slice(0, at) : uses;
  const [owner = '', repo = '', ...rest] = path.split('/');
  const name = [owner.toLowerCase(), repo.toLowerCase(), ...rest].filter((p) => p !== '').join('/');
  const pinned = COMMIT_RE.test(ref);
  return {
    ...base,
    raw_name: path,
    name,
    version: pinned ? ref : null,
    ...(pinned ? {} : { version_spec: ref || 'no ref' }),
    source: { kind: 'action', ref, ...(pinned ? { commit: ref } : {}) },
  };
}

export function parseWorkflow(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const { doc, value, line } = parseYamlDoc(text, path, lockParseError);
    if (typeof value !== 'object' || value === null || !('jobs' in value || 'runs' in value)) {
      throw lockParseError(path, 1, 'not a workflow (no jobs:) or action (no runs:)');
    }
    const lines = text.split('\n');
    const entries: LockEntry[] = [];
    visit(doc, {
      Pair(_key, pair, ancestors) {
        if (!isScalar(pair.key) || pair.key.value !== 'uses') return;
        // Only `uses` of jobs and steps: a `with:` input that happens to be named uses is not one.
        const inJobsOrRuns = ancestors.some(
          (a) => isPair(a) && isScalar(a.key) && (a.key.value === 'jobs' || a.key.value === 'runs'),
        );
        const inWith = ancestors.some((a) => isPair(a) && isScalar(a.key) && a.key.value === 'with');
        if (!inJobsOrRuns || inWith) return;
        if (!isScalar(pair.value) || typeof pair.value.value !== 'string') {
          throw lockParseError(path, line(pair), '`uses:` must be a string');
        }
        const at = line(pair.value);
        const uses = pair.value.value.trim();
        if (!USES_RE.test(uses))
          throw lockParseError(
            path,
            at,
            `\`uses: ${uses}\` is none of ./path, docker://image or owner/repo[/path]@ref: GitHub refuses it too; name the action's owner and repository`,
          );
        entries.push(usesEntry(uses, at, trailingComment(lines, at)));
      },
    });
    return {
      path,
      format: 'workflow',
      ecosystem: 'github-actions',
      entries: sortEntries(entries),
      indexes: [],
      roots: [],
    };
  });
}
