// requirements.txt with hashes (pip-compile and `uv pip compile` output, and hand-written
// files): pip's requirements-file grammar, which no JS library parses. Logical lines join
// physical lines ending in `\`; comments start at `#` at the line start or after whitespace;
// `# via` comments (pip-compile's reverse edges) become dependency edges.
import { normalizePythonName } from '../python-names.js';
import type { ArtifactHash, IndexOption, LockEntry, LockSource, ParsedLockfile } from '../model.js';
import { parseHashText } from './hash-text.js';
import { guardParse, lockParseError } from './parse-error.js';
import { splitGitUrl } from './uv-lock.js';
import { sortEntries } from './sort-entries.js';
import { PYPI_SIMPLE } from './poetry-lock.js';

interface LogicalLine {
  readonly text: string;
  readonly comment: string;
  readonly line: number;
}

const OPTION_ALIASES: Readonly<Record<string, string>> = {
  '-i': 'index-url',
  '-f': 'find-links',
  '-r': 'requirement',
  '-c': 'constraint',
  '-e': 'editable',
};
const VALUE_OPTIONS = new Set([
  'index-url',
  'extra-index-url',
  'find-links',
  'trusted-host',
  'requirement',
  'constraint',
  'editable',
  'only-binary',
  'no-binary',
  'prefer-binary',
  'use-feature',
]);
const FLAG_OPTIONS = new Set(['pre', 'no-index', 'prefer-binary', 'require-hashes']);
// PEP 508: name, optional [extras], then a version specifier, `@ url`, or nothing; `;` markers.
const REQUIREMENT_RE = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/;

function logicalLines(text: string, path: string): LogicalLine[] {
  const physical = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  let parts: string[] = [];
  let comment = '';
  let start = 0;
  physical.forEach((raw, i) => {
    const hashAt = raw.search(/(^|\s)#/);
    const code = hashAt >= 0 ? raw.slice(0, hashAt) : raw;
    if (hashAt >= 0) comment += `${raw.slice(hashAt).trim()}\n`;
    if (parts.length === 0) start = i + 1;
    const continued = /\\\s*$/.test(code) && hashAt < 0;
    parts.push(continued ? code.replace(/\\\s*$/, '') : code);
    if (!continued) {
      out.push({ text: parts.join(' ').trim(), comment, line: start });
      parts = [];
      comment = '';
    } else if (i === physical.length - 1) {
      throw lockParseError(path, start, 'line continuation (\\) at the end of the file');
    }
  });
  return out;
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== '');
}

interface Pending {
  entry: Omit<LockEntry, 'dependencies'>;
  via: string[];
}

/** `# via a` / `# via\n#   a\n#   b` → the names a requirement is required by. */
function viaNames(comment: string): string[] {
  const at = comment.indexOf('# via');
  if (at < 0) return [];
  return comment
    .slice(at + 5)
    .split('\n')
    .map((l) => l.replace(/^#/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('-r') && !l.startsWith('-c') && !l.startsWith('#'))
    .map((l) => l.split(/\s/)[0]!)
    .filter((l) => /^[A-Za-z0-9]/.test(l));
}

export function parseRequirementsTxt(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const indexes: IndexOption[] = [];
    const pending: Pending[] = [];
    let indexUrl = PYPI_SIMPLE;
    const lines = logicalLines(text, path);
    // A `# via` block may sit on the lines after its requirement: attach comments forward.
    for (const logical of lines) {
      const words = tokens(logical.text);
      if (words.length === 0) {
        if (pending.length > 0 && logical.comment) pending[pending.length - 1]!.via.push(...viaNames(logical.comment));
        continue;
      }
      if (words[0]!.startsWith('-')) {
        const [flag, inline] = words[0]!.replace(/^--?/, (d) => d).split('=', 2) as [string, string | undefined];
        const name = OPTION_ALIASES[flag] ?? flag.replace(/^--/, '');
        if (name === 'editable') {
          const target = inline ?? words[1];
          if (!target) throw lockParseError(path, logical.line, '-e needs a path or URL');
          const egg = /#egg=([A-Za-z0-9._-]+)/.exec(target)?.[1];
          const source: LockSource = target.startsWith('git+')
            ? { ...splitGitUrl(target.slice(4).replace(/#egg=.*/, '')), kind: 'git' }
            : { kind: 'editable', path: target };
          const pkg = egg ?? target.split('/').filter(Boolean).pop() ?? target;
          pending.push({
            entry: {
              name: normalizePythonName(pkg),
              raw_name: pkg,
              version: null,
              version_spec: `-e ${target}`,
              source: source.kind === 'git' ? source : { kind: 'editable', path: target },
              artifacts: [],
              line: logical.line,
            },
            via: viaNames(logical.comment),
          });
          continue;
        }
        if (FLAG_OPTIONS.has(name)) continue;
        if (!VALUE_OPTIONS.has(name)) throw lockParseError(path, logical.line, `unknown option ${words[0]}`);
        const value = inline ?? words[1];
        if (value === undefined) throw lockParseError(path, logical.line, `${words[0]} needs a value`);
        indexes.push({ option: name, value, line: logical.line });
        if (name === 'index-url') indexUrl = value;
        continue;
      }
      pending.push(requirement(logical, path, () => indexUrl));
    }
    // pip-compile writes "X  # via Y": Y depends on X. Forward edges are Y → X.
    const names = new Set(pending.map((p) => p.entry.name));
    const edges = new Map<string, Set<string>>();
    for (const p of pending) {
      for (const parent of p.via.map(normalizePythonName)) {
        if (!names.has(parent)) continue;
        edges.set(parent, (edges.get(parent) ?? new Set()).add(p.entry.name));
      }
    }
    const entries = pending.map((p) => ({
      ...p.entry,
      dependencies: [...(edges.get(p.entry.name) ?? [])].sort().map((name) => ({ name })),
    }));
    const generator = /autogenerated by (uv|pip-compile)/.exec(text)?.[1];
    return {
      path,
      format: 'requirements.txt',
      ecosystem: 'pypi',
      entries: sortEntries(entries),
      indexes,
      roots: [],
      ...(generator ? { generator } : {}),
    };
  });
}

function requirement(logical: LogicalLine, path: string, indexUrl: () => string): Pending {
  const hashes: ArtifactHash[] = [];
  let spec = logical.text;
  spec = spec.replace(/--hash[=\s]\s*(\S+)/g, (_m, value: string) => {
    const hash = parseHashText(value);
    if (!hash) throw lockParseError(path, logical.line, `malformed --hash ${JSON.stringify(value)}`);
    hashes.push(hash);
    return ' ';
  });
  const markerAt = spec.indexOf(';');
  const markers = markerAt >= 0 ? spec.slice(markerAt + 1).trim() : undefined;
  const body = (markerAt >= 0 ? spec.slice(0, markerAt) : spec).trim();
  const match = REQUIREMENT_RE.exec(body);
  const [, rawName, extras, rest] = match ?? [];
  // Groups 1 and 3 take part in every match; only a failed match leaves them undefined.
  if (rawName === undefined || rest === undefined)
    throw lockParseError(path, logical.line, `not a requirement: ${JSON.stringify(body.slice(0, 80))}`);
  const name = normalizePythonName(rawName);
  const trimmed = rest.trim();
  let version: string | null = null;
  let source: LockSource = { kind: 'registry', url: indexUrl() };
  let versionSpec: string | undefined;
  if (trimmed.startsWith('@')) {
    const url = trimmed.slice(1).trim().split(/\s/)[0]!;
    source = url.startsWith('git+')
      ? splitGitUrl(url.slice(4))
      : url.startsWith('file:')
        ? { kind: 'path', path: url }
        : { kind: 'url', url };
    versionSpec = `@ ${url}`;
  } else {
    const exact = /^===?\s*([^\s,*]+)$/.exec(trimmed);
    if (exact) version = exact[1]!;
    else versionSpec = trimmed === '' ? 'any version' : trimmed;
  }
  const artifacts =
    hashes.length > 0 ? [{ hashes, ...(source.kind === 'url' && source.url ? { url: source.url } : {}) }] : [];
  return {
    entry: {
      name,
      raw_name: `${rawName}${extras ?? ''}`,
      version,
      ...(versionSpec !== undefined && version === null ? { version_spec: versionSpec } : {}),
      source,
      artifacts,
      line: logical.line,
      ...(markers ? { markers } : {}),
    },
    via: viaNames(logical.comment),
  };
}
