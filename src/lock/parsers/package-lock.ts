// package-lock.json / npm-shrinkwrap.json: lockfileVersion 2 and 3 list every installed
// package under `packages` keyed by its node_modules path (v2's legacy `dependencies` tree is
// ignored); lockfileVersion 1 has only the nested `dependencies` tree. Lines: the line of the
// entry's key in the text.
import type { LockEntry, ParsedLockfile } from '../model.js';
import { npmSourceOf, parseIntegrity } from './npm-hashes.js';
import { npmEdges } from './npm-edges.js';
import { guardParse, lockParseError } from './parse-error.js';
import { sortEntries } from './sort-entries.js';
import { jsonKeyLines, lineAt } from './text-lines.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function parseJson(text: string, path: string): Obj {
  try {
    const doc = JSON.parse(text) as unknown;
    if (!isObj(doc)) throw lockParseError(path, 1, 'not a JSON object');
    return doc;
  } catch (error) {
    if (error instanceof SyntaxError) {
      const at = /position (\d+)/.exec(error.message);
      throw lockParseError(path, at ? lineAt(text, Number(at[1])) : 1, `not valid JSON: ${error.message}`, error);
    }
    throw error;
  }
}

/**
 * `name` is the installed name (the node_modules folder), which is what dependents resolve;
 * an alias or override that installs another package there keeps that package in raw_name.
 */
function entryOf(name: string, pkg: Obj, line: number, path: string): LockEntry {
  const integrity = str(pkg.integrity);
  const hashes = integrity === undefined ? undefined : parseIntegrity(integrity);
  if (integrity !== undefined && hashes === undefined)
    throw lockParseError(path, line, `malformed integrity ${JSON.stringify(integrity.slice(0, 40))}`);
  const resolved = str(pkg.resolved);
  const source =
    pkg.link === true
      ? { kind: 'workspace' as const, path: resolved ?? '' }
      : resolved === undefined && hashes
        ? { kind: 'registry' as const }
        : npmSourceOf(resolved);
  return {
    name,
    raw_name: str(pkg.name) ?? name,
    version: str(pkg.version) ?? null,
    source,
    artifacts: hashes
      ? [
          {
            ...(resolved && source.kind !== 'workspace' ? { url: resolved, filename: resolved.split('/').pop()! } : {}),
            hashes,
          },
        ]
      : [],
    dependencies: npmEdges(pkg),
    line,
    ...(pkg.dev === true ? { dev: true } : {}),
  };
}

export function parsePackageLock(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const doc = parseJson(text, path);
    const version = doc.lockfileVersion;
    const keyLines = jsonKeyLines(text);
    const entries: LockEntry[] = [];
    const roots: string[] = [];
    if (version === 2 || version === 3) {
      if (!isObj(doc.packages)) throw lockParseError(path, 1, '`packages` is not an object');
      for (const [key, value] of Object.entries(doc.packages)) {
        if (!isObj(value))
          throw lockParseError(path, keyLines.get(key) ?? 1, `entry ${JSON.stringify(key)} is not an object`);
        if (key === '') {
          if (str(value.name)) roots.push(str(value.name)!);
          continue;
        }
        const at = key.lastIndexOf('node_modules/');
        // Workspace folders (`packages/x`) are the project's own members.
        if (at < 0) {
          if (str(value.name)) roots.push(str(value.name)!);
          continue;
        }
        entries.push(entryOf(key.slice(at + 'node_modules/'.length), value, keyLines.get(key) ?? 1, path));
      }
    } else if (version === 1 || version === undefined) {
      if (str(doc.name)) roots.push(str(doc.name)!);
      const walk = (deps: unknown) => {
        if (!isObj(deps)) return;
        for (const [name, value] of Object.entries(deps)) {
          if (!isObj(value))
            throw lockParseError(path, keyLines.get(name) ?? 1, `dependency ${JSON.stringify(name)} is not an object`);
          const requires = isObj(value.requires) ? { dependencies: value.requires } : {};
          entries.push(entryOf(name, { ...value, ...requires }, keyLines.get(name) ?? 1, path));
          walk(value.dependencies);
        }
      };
      walk(doc.dependencies);
    } else {
      throw lockParseError(
        path,
        keyLines.get('lockfileVersion') ?? 1,
        `unsupported lockfileVersion ${JSON.stringify(version)}`,
      );
    }
    // Workspace members are locked as links; their names are roots, not third-party packages.
    for (const e of entries) if (e.source.kind === 'workspace') roots.push(e.name);
    return {
      path,
      format: 'package-lock.json',
      ecosystem: 'npm',
      entries: sortEntries(entries),
      indexes: [],
      roots: [...new Set(roots)].sort(),
      generator: 'npm',
      format_version: String(version ?? 1),
    };
  });
}
