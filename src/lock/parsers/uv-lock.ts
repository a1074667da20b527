// uv.lock (TOML, `version = 1`, optional `revision`): each [[package]] becomes one entry.
// smol-toml parses; it gives no positions, so the i-th entry's line is the line of the i-th
// `[[package]]` header, which appear in the same order as the parsed array.
import { parse, TomlError } from 'smol-toml';
import { lockedPythonName, normalizePythonName } from '../python-names.js';
import type { DependencyEdge, LockArtifact, LockEntry, LockSource, ParsedLockfile } from '../model.js';
import { parseHashText } from './hash-text.js';
import { guardParse, lockParseError } from './parse-error.js';
import { sortEntries } from './sort-entries.js';
import { headerLines } from './text-lines.js';

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseToml(text: string, path: string): Table {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof TomlError)
      throw lockParseError(path, error.line, `not valid TOML: ${error.message.split('\n')[0]}`, error);
    throw lockParseError(path, 1, `not valid TOML: ${(error as Error).message}`, error);
  }
}

/** `https://host/repo.git?rev=…&subdirectory=…#<sha>` → url without query and fragment, ref, commit. */
export function splitGitUrl(raw: string): LockSource {
  const hash = raw.indexOf('#');
  const fragment = hash >= 0 ? raw.slice(hash + 1) : undefined;
  const withoutFragment = hash >= 0 ? raw.slice(0, hash) : raw;
  const query = withoutFragment.indexOf('?');
  const url = query >= 0 ? withoutFragment.slice(0, query) : withoutFragment;
  const rev = query >= 0 ? (new URLSearchParams(withoutFragment.slice(query + 1)).get('rev') ?? undefined) : undefined;
  return {
    kind: 'git',
    url,
    ...(fragment && /^[0-9a-f]{40}$/.test(fragment) ? { commit: fragment } : {}),
    ...(rev ? { ref: rev } : {}),
  };
}

function sourceOf(source: unknown, path: string, line: number): LockSource {
  if (!isTable(source)) throw lockParseError(path, line, 'package has no source table');
  if (str(source.registry)) return { kind: 'registry', url: str(source.registry)! };
  if (str(source.git)) return splitGitUrl(str(source.git)!);
  if (str(source.url)) return { kind: 'url', url: str(source.url)! };
  if (str(source.path)) return { kind: 'path', path: str(source.path)! };
  if (str(source.directory)) return { kind: 'directory', path: str(source.directory)! };
  if (str(source.editable)) return { kind: 'editable', path: str(source.editable)! };
  if (str(source.virtual)) return { kind: 'workspace', path: str(source.virtual)! };
  throw lockParseError(path, line, `unknown source ${JSON.stringify(source)}`);
}

function artifactOf(value: unknown, path: string, line: number): LockArtifact {
  if (!isTable(value)) throw lockParseError(path, line, 'sdist/wheel entry is not a table');
  const url = str(value.url) ?? str(value.path);
  const hashText = str(value.hash);
  const hash = hashText === undefined ? undefined : parseHashText(hashText);
  if (hashText !== undefined && hash === undefined)
    throw lockParseError(path, line, `malformed hash ${JSON.stringify(hashText)}`);
  return {
    ...(url ? { url, filename: decodeURIComponent(url.split('/').pop()!.split('#')[0]!) } : {}),
    hashes: hash ? [hash] : [],
    ...(typeof value.size === 'number' ? { size: value.size } : {}),
  };
}

function edgesOf(value: unknown, optional: boolean): DependencyEdge[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isTable)
    .flatMap((d) =>
      str(d.name) ? [{ name: normalizePythonName(str(d.name)!), ...(optional ? { optional } : {}) }] : [],
    );
}

export function parseUvLock(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const doc = parseToml(text, path);
    if (typeof doc.version !== 'number') throw lockParseError(path, 1, 'not a uv.lock: no top-level version');
    const packages = doc.package === undefined ? [] : doc.package;
    if (!Array.isArray(packages)) throw lockParseError(path, 1, '`package` is not an array of tables');
    const lines = headerLines(text, '[[package]]');
    const roots = new Set<string>(
      (isTable(doc.manifest) && Array.isArray(doc.manifest.members) ? doc.manifest.members : [])
        .filter((m): m is string => typeof m === 'string')
        .map(normalizePythonName),
    );
    const entries: LockEntry[] = packages.map((pkg: unknown, i: number) => {
      const line = lines[i] ?? 1;
      if (!isTable(pkg) || !str(pkg.name)) throw lockParseError(path, line, 'package without a name');
      const source = sourceOf(pkg.source, path, line);
      if (source.kind === 'editable' || source.kind === 'workspace') roots.add(normalizePythonName(str(pkg.name)!));
      const artifacts = [
        ...(pkg.sdist === undefined ? [] : [artifactOf(pkg.sdist, path, line)]),
        ...(Array.isArray(pkg.wheels) ? pkg.wheels.map((w) => artifactOf(w, path, line)) : []),
      ];
      const optional = isTable(pkg['optional-dependencies'])
        ? Object.values(pkg['optional-dependencies']).flatMap((d) => edgesOf(d, true))
        : [];
      const dev = isTable(pkg['dev-dependencies'])
        ? Object.values(pkg['dev-dependencies']).flatMap((d) => edgesOf(d, true))
        : [];
      return {
        name: lockedPythonName(str(pkg.name)!, path, line),
        raw_name: str(pkg.name)!,
        version: str(pkg.version) ?? null,
        ...(str(pkg.version) ? {} : { version_spec: 'dynamic' }),
        source,
        artifacts,
        dependencies: [...edgesOf(pkg.dependencies, false), ...optional, ...dev],
        line,
      };
    });
    return {
      path,
      format: 'uv.lock',
      ecosystem: 'pypi',
      entries: sortEntries(entries),
      indexes: [],
      roots: [...roots].sort(),
      generator: 'uv',
      format_version: `${doc.version}${typeof doc.revision === 'number' ? ` revision ${doc.revision}` : ''}`,
    };
  });
}
