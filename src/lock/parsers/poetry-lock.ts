// poetry.lock (TOML): lock-version 1.x keeps hashes in [metadata.files], 2.0 and 2.1 per
// package in `files`; [package.source] says git, directory, file, url or legacy (a private
// index); no source means PyPI. Lines as in uv.lock: the i-th `[[package]]` header.
import { lockedPythonName, normalizePythonName } from '../python-names.js';
import type { DependencyEdge, IndexOption, LockArtifact, LockEntry, LockSource, ParsedLockfile } from '../model.js';
import { parseHashText } from './hash-text.js';
import { guardParse, lockParseError } from './parse-error.js';
import { sortEntries } from './sort-entries.js';
import { headerLines } from './text-lines.js';
import { parseToml } from './uv-lock.js';

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const PYPI_SIMPLE = 'https://pypi.org/simple';

function sourceOf(pkg: Table, path: string, line: number): LockSource {
  const source = pkg.source;
  if (source === undefined) return { kind: 'registry', url: PYPI_SIMPLE };
  if (!isTable(source)) throw lockParseError(path, line, '[package.source] is not a table');
  const url = str(source.url);
  switch (str(source.type)) {
    case 'git':
      return {
        kind: 'git',
        ...(url ? { url } : {}),
        ...(str(source.reference) ? { ref: str(source.reference)! } : {}),
        ...(/^[0-9a-f]{40}$/.test(str(source.resolved_reference) ?? '')
          ? { commit: str(source.resolved_reference)! }
          : {}),
      };
    case 'directory':
      return { kind: pkg.develop === true ? 'editable' : 'directory', ...(url ? { path: url } : {}) };
    case 'file':
      return { kind: 'path', ...(url ? { path: url } : {}) };
    case 'url':
      return { kind: 'url', ...(url ? { url } : {}) };
    case 'legacy':
    case 'explicit':
    case 'primary':
    case 'supplemental':
      return { kind: 'registry', ...(url ? { url } : {}) };
    default:
      throw lockParseError(path, line, `unknown [package.source] type ${JSON.stringify(source.type)}`);
  }
}

function filesOf(files: unknown, path: string, line: number): LockArtifact[] {
  if (!Array.isArray(files)) return [];
  return files.map((f) => {
    if (!isTable(f)) throw lockParseError(path, line, 'files entry is not a table');
    const hashText = str(f.hash);
    const hash = hashText === undefined ? undefined : parseHashText(hashText);
    if (hashText !== undefined && hash === undefined)
      throw lockParseError(path, line, `malformed hash ${JSON.stringify(hashText)}`);
    return { ...(str(f.file) ? { filename: str(f.file)! } : {}), hashes: hash ? [hash] : [] };
  });
}

function edgesOf(deps: unknown): DependencyEdge[] {
  if (!isTable(deps)) return [];
  return Object.entries(deps).map(([name, spec]) => {
    const first = Array.isArray(spec) ? (spec[0] as unknown) : spec;
    const optional = isTable(first) && first.optional === true;
    const version = typeof first === 'string' ? first : isTable(first) ? str(first.version) : undefined;
    return {
      name: normalizePythonName(name),
      ...(version ? { spec: version } : {}),
      ...(optional ? { optional } : {}),
    };
  });
}

function markersOf(markers: unknown): string | undefined {
  if (typeof markers === 'string') return markers;
  if (isTable(markers))
    return Object.entries(markers)
      .map(([group, m]) => `${group}: ${String(m)}`)
      .join('; ');
  return undefined;
}

export function parsePoetryLock(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const doc = parseToml(text, path);
    const metadata = isTable(doc.metadata) ? doc.metadata : undefined;
    if (!metadata) throw lockParseError(path, 1, 'not a poetry.lock: no [metadata] table');
    const packages = doc.package === undefined ? [] : doc.package;
    if (!Array.isArray(packages)) throw lockParseError(path, 1, '`package` is not an array of tables');
    const lines = headerLines(text, '[[package]]');
    // Lock 1.x keeps files under [metadata.files], keyed by package name.
    const legacyFiles = isTable(metadata.files) ? metadata.files : {};
    const indexes: IndexOption[] = [];
    const entries: LockEntry[] = packages.map((pkg: unknown, i: number) => {
      const line = lines[i] ?? 1;
      if (!isTable(pkg) || !str(pkg.name)) throw lockParseError(path, line, 'package without a name');
      const name = str(pkg.name)!;
      const source = sourceOf(pkg, path, line);
      if (isTable(pkg.source) && source.kind === 'registry' && source.url)
        indexes.push({ option: `source ${str(pkg.source.reference) ?? 'registry'}`, value: source.url, line });
      const groups = Array.isArray(pkg.groups)
        ? pkg.groups.filter((g): g is string => typeof g === 'string')
        : undefined;
      const dev = pkg.category === 'dev' || (groups !== undefined && !groups.includes('main'));
      const markers = markersOf(pkg.markers);
      return {
        name: lockedPythonName(name, path, line),
        raw_name: name,
        version: str(pkg.version) ?? null,
        source,
        artifacts:
          pkg.files !== undefined
            ? filesOf(pkg.files, path, line)
            : filesOf(legacyFiles[name] ?? legacyFiles[normalizePythonName(name)], path, line),
        dependencies: edgesOf(pkg.dependencies),
        line,
        ...(dev ? { dev } : {}),
        ...(markers ? { markers } : {}),
      };
    });
    const generator = /^# This file is automatically @generated by (Poetry [^\s]+)/m.exec(text)?.[1];
    return {
      path,
      format: 'poetry.lock',
      ecosystem: 'pypi',
      entries: sortEntries(entries),
      indexes,
      roots: [],
      ...(generator ? { generator } : { generator: 'Poetry' }),
      ...(str(metadata['lock-version']) ? { format_version: str(metadata['lock-version'])! } : {}),
    };
  });
}
