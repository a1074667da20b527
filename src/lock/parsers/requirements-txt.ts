// requirements.txt with hashes (pip-compile and `uv pip compile` output, and hand-written
// files): pip's requirements-file grammar, which no JS library parses. Logical lines join
// physical lines ending in `\`; comments start at `#` at the line start or after whitespace;
// `# via` comments (pip-compile's reverse edges) become dependency edges. A line is split as pip
// splits it: the words before the first one starting with `-` are the requirement, the rest are
// options (pip-options.ts). Every option that names a source or weakens transport is kept as an
// index option for the policy to judge, wherever it is written; so is an option pip does not list.
import { normalizePythonName } from '../python-names.js';
import type { ArtifactHash, IndexOption, LockEntry, LockSource, ParsedLockfile } from '../model.js';
import { parseHashText } from './hash-text.js';
import { guardParse, lockParseError } from './parse-error.js';
import { parsePipOptions, shellWords, type ParsedOption } from './pip-options.js';
import { splitGitUrl } from './uv-lock.js';
import { sortEntries } from './sort-entries.js';
import { PYPI_SIMPLE } from './poetry-lock.js';

interface LogicalLine {
  readonly text: string;
  readonly comment: string;
  readonly line: number;
}

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
      if (logical.text === '') {
        if (pending.length > 0 && logical.comment) pending[pending.length - 1]!.via.push(...viaNames(logical.comment));
        continue;
      }
      // pip's break_args_options: the requirement ends where the first word starting with `-` does.
      const at = /(^|\s)-/.exec(logical.text);
      const args = (at ? logical.text.slice(0, at.index) : logical.text).trim();
      const options = at
        ? parsePipOptions(shellWords(logical.text.slice(at.index), path, logical.line), path, logical.line)
        : [];
      for (const { option, written, value } of options) {
        if (!option) indexes.push({ option: written, value: value ?? '', line: logical.line, kind: 'unrecognised' });
        else if (option.kind !== undefined && value !== undefined)
          indexes.push({ option: option.name, value, line: logical.line, kind: option.kind });
      }
      if (args !== '') {
        // pip fills `${NAME}` in from the environment before it reads the line.
        if (/\$\{[A-Z0-9_]+\}/.test(args))
          indexes.push({ option: args, value: args, line: logical.line, kind: 'environment' });
        else pending.push(requirement(logical, args, hashesOf(options, path, logical.line), () => indexUrl, path));
        continue;
      }
      // Only an option line sets the index (pip ignores -i written after a requirement).
      for (const { option, value } of options)
        if (option?.name === 'index-url' && value !== undefined) indexUrl = value;
      const editable = options.find((o) => o.option?.name === 'editable')?.value;
      if (editable !== undefined) pending.push(editableEntry(logical, editable));
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

/** The `--hash` values of a requirement line (pip ignores them on an option line). */
function hashesOf(options: readonly ParsedOption[], path: string, line: number): ArtifactHash[] {
  return options
    .filter((o) => o.option?.name === 'hash')
    .map(({ value }) => {
      const hash = parseHashText(value ?? '');
      if (!hash) throw lockParseError(path, line, `malformed --hash ${JSON.stringify(value)}`);
      return hash;
    });
}

function editableEntry(logical: LogicalLine, target: string): Pending {
  const egg = /#egg=([A-Za-z0-9._-]+)/.exec(target)?.[1];
  const source: LockSource = target.startsWith('git+')
    ? { ...splitGitUrl(target.slice(4).replace(/#egg=.*/, '')), kind: 'git' }
    : { kind: 'editable', path: target };
  const pkg = egg ?? target.split('/').filter(Boolean).pop() ?? target;
  return {
    entry: {
      name: normalizePythonName(pkg),
      raw_name: pkg,
      version: null,
      version_spec: `-e ${target}`,
      source,
      artifacts: [],
      line: logical.line,
    },
    via: viaNames(logical.comment),
  };
}

const URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const ARCHIVE_RE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i;
const NAMED_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/;

/** Where a URL requirement comes from: a git repository, a local file, or a direct URL. */
function urlSource(url: string): LockSource {
  if (url.startsWith('git+')) return splitGitUrl(url.slice(4));
  return url.startsWith('file:') ? { kind: 'path', path: url } : { kind: 'url', url };
}

interface Parsed {
  readonly rawName: string;
  readonly version: string | null;
  readonly versionSpec?: string;
  readonly source: LockSource;
}

/**
 * A requirement written as a bare URL or path (`https://host/pkg-1.0-py3-none-any.whl`,
 * `./vendor/pkg`), named by its `#egg=` fragment or its file name as pip names it; undefined for
 * a named requirement.
 */
function directRequirement(body: string): Parsed | undefined {
  const target = body.split(/\s/)[0]!;
  const url = URL_RE.test(target) || target.startsWith('file:');
  const local = !NAMED_RE.test(body) && (/^[.~]|[/\\]/.test(target) || ARCHIVE_RE.test(target));
  if (!url && !local) return undefined;
  const egg = /#egg=([A-Za-z0-9._-]+)/.exec(target)?.[1];
  const file =
    target
      .replace(/[#?].*$/, '')
      .split(/[/\\]/)
      .filter(Boolean)
      .pop() ?? target;
  const archive = ARCHIVE_RE.test(file);
  const named = archive && !egg ? /^(.+?)-(\d[^-]*)(?:-|$)/.exec(file.replace(ARCHIVE_RE, '')) : null;
  return {
    rawName: egg ?? named?.[1] ?? file.replace(ARCHIVE_RE, ''),
    version: named?.[2] ?? null,
    versionSpec: target,
    source: url ? urlSource(target) : { kind: archive ? 'path' : 'directory', path: target },
  };
}

/** `name[extras] <specifier>` or `name @ url`. */
function namedRequirement(body: string, indexUrl: string): (Parsed & { extras?: string }) | undefined {
  const [, rawName, extras, rest] = REQUIREMENT_RE.exec(body) ?? [];
  // Groups 1 and 3 take part in every match; only a failed match leaves them undefined.
  if (rawName === undefined || rest === undefined) return undefined;
  const trimmed = rest.trim();
  if (trimmed.startsWith('@')) {
    const url = trimmed.slice(1).trim().split(/\s/)[0]!;
    return { rawName, extras, version: null, versionSpec: `@ ${url}`, source: urlSource(url) };
  }
  const exact = /^===?\s*([^\s,*]+)$/.exec(trimmed);
  const source: LockSource = { kind: 'registry', url: indexUrl };
  if (exact) return { rawName, extras, version: exact[1]!, source };
  return { rawName, extras, version: null, versionSpec: trimmed === '' ? 'any version' : trimmed, source };
}

function requirement(
  logical: LogicalLine,
  args: string,
  hashes: ArtifactHash[],
  indexUrl: () => string,
  path: string,
): Pending {
  const markerAt = args.indexOf(';');
  const markers = markerAt >= 0 ? args.slice(markerAt + 1).trim() : undefined;
  const body = (markerAt >= 0 ? args.slice(0, markerAt) : args).trim();
  const parsed: (Parsed & { extras?: string }) | undefined =
    directRequirement(body) ?? namedRequirement(body, indexUrl());
  if (!parsed) throw lockParseError(path, logical.line, `not a requirement: ${JSON.stringify(body.slice(0, 80))}`);
  const { rawName, extras, version, versionSpec, source } = parsed;
  const artifacts =
    hashes.length > 0 ? [{ hashes, ...(source.kind === 'url' && source.url ? { url: source.url } : {}) }] : [];
  return {
    entry: {
      name: normalizePythonName(rawName),
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
