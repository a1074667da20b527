// yarn.lock, classic (v1) and Berry (`__metadata`), both read by @yarnpkg/parsers' parseSyml.
// Classic: an entry per resolved package, keyed by every descriptor that resolves to it;
// `resolved` URLs carry a `#sha1` fragment (a weak hash), `integrity` an SRI. Berry: `resolution`
// names `name@npm:version`, `checksum` is a sha512 of yarn's cache ZIP (not of the tarball),
// `workspace:` entries are the project's members and `patch:` entries patched packages.
import { parseSyml } from '@yarnpkg/parsers';
import type { ArtifactHash, LockEntry, LockSource, ParsedLockfile } from '../model.js';
import { npmSourceOf, parseIntegrity } from './npm-hashes.js';
import { npmEdges } from './npm-edges.js';
import { guardParse, lockParseError } from './parse-error.js';
import { sortEntries } from './sort-entries.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** `@scope/name@range` → `@scope/name`. */
export function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at > 0 ? descriptor.slice(0, at) : descriptor;
}

/** Each top-level header's descriptors, mapped to the header's 1-based line. */
function headerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    if (/^[^\s#].*:\s*$/.test(raw)) {
      for (const d of raw.replace(/:\s*$/, '').split(/,\s*/)) lines.set(d.replace(/^"|"$/g, '').trim(), i + 1);
    }
  });
  return lines;
}

function classicEntry(name: string, value: Obj, line: number, path: string): LockEntry {
  const resolved = str(value.resolved);
  const fragment = resolved?.includes('#') ? resolved.slice(resolved.indexOf('#') + 1) : undefined;
  const url = resolved?.split('#')[0];
  const hashes: ArtifactHash[] = [];
  const integrity = str(value.integrity);
  if (integrity !== undefined) {
    const parsed = parseIntegrity(integrity);
    if (!parsed) throw lockParseError(path, line, `malformed integrity for ${name}`);
    hashes.push(...parsed);
  }
  if (fragment && /^[0-9a-f]{40}$/.test(fragment) && !hashes.some((h) => h.algorithm === 'sha1' && h.hex === fragment))
    hashes.push({ algorithm: 'sha1', hex: fragment });
  const source: LockSource =
    resolved === undefined
      ? { kind: 'unknown' }
      : /^git|^github:|codeload/.test(resolved)
        ? npmSourceOf(resolved.startsWith('git') ? resolved : `git+${resolved}`)
        : url!.startsWith('file:')
          ? { kind: 'path', path: url!.slice(5) }
          : { kind: 'registry', url: url! };
  return {
    name,
    raw_name: name,
    version: str(value.version) ?? null,
    source,
    artifacts: hashes.length > 0 ? [{ ...(url ? { url, filename: url.split('/').pop()! } : {}), hashes }] : [],
    dependencies: npmEdges(value),
    line,
  };
}

function berryEntry(key: string, value: Obj, line: number, path: string): LockEntry {
  const resolution = str(value.resolution) ?? key.split(/,\s*/)[0]!;
  const resolvedName = descriptorName(resolution);
  // The descriptor's name is the one dependents ask for (an alias like `x-cjs@npm:x@^4`).
  const name = descriptorName(key.split(/,\s*/)[0]!);
  const protocol = resolution.slice(resolvedName.length + 1);
  const checksum = str(value.checksum);
  const hex = checksum?.split('/').pop();
  if (checksum !== undefined && !/^[0-9a-f]{128}$/.test(hex ?? ''))
    throw lockParseError(path, line, `malformed checksum for ${name}`);
  let source: LockSource;
  if (protocol.startsWith('workspace:')) source = { kind: 'workspace', path: protocol.slice('workspace:'.length) };
  else if (protocol.startsWith('npm:') || protocol.startsWith('patch:')) source = { kind: 'registry' };
  else if (/^(git|https?:.*\.git|github:)/.test(protocol))
    source = npmSourceOf(protocol.startsWith('git') ? protocol : `git+${protocol}`);
  else if (protocol.startsWith('file:') || protocol.startsWith('portal:') || protocol.startsWith('link:'))
    source = { kind: 'path', path: protocol.replace(/^[a-z]+:/, '') };
  else source = { kind: 'url', url: protocol };
  return {
    name,
    raw_name: resolvedName,
    version: str(value.version) ?? null,
    source,
    // The checksum hashes the ZIP yarn stores in its cache, not the registry tarball.
    artifacts: hex ? [{ filename: 'yarn-cache.zip', hashes: [{ algorithm: 'sha512', hex }] }] : [],
    dependencies: npmEdges(value),
    line,
    ...(protocol.startsWith('patch:') ? { markers: 'patch' } : {}),
  };
}

export function parseYarnLock(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    let doc: Obj;
    try {
      doc = parseSyml(text);
    } catch (error) {
      const line = /line (\d+)/.exec((error as Error).message)?.[1];
      throw lockParseError(
        path,
        line ? Number(line) : 1,
        `not a valid yarn.lock: ${(error as Error).message.split('\n')[0]}`,
        error,
      );
    }
    const lines = headerLines(text);
    const berry = isObj(doc.__metadata);
    const entries = new Map<string, LockEntry>();
    const roots: string[] = [];
    for (const [key, value] of Object.entries(doc)) {
      if (key === '__metadata') continue;
      if (!isObj(value))
        throw lockParseError(path, lines.get(key) ?? 1, `entry ${JSON.stringify(key)} is not a mapping`);
      const line = lines.get(key.split(/,\s*/)[0]!) ?? lines.get(key) ?? 1;
      const entry = berry ? berryEntry(key, value, line, path) : classicEntry(descriptorName(key), value, line, path);
      if (entry.source.kind === 'workspace') roots.push(entry.name);
      // Several descriptors resolve to one package: one entry per (name, version, source).
      const id = `${entry.name}@${entry.version ?? ''}#${entry.source.url ?? entry.source.path ?? ''}#${entry.markers ?? ''}`;
      const known = entries.get(id);
      if (!known || entry.line < known.line) entries.set(id, entry);
    }
    const metadata = isObj(doc.__metadata) ? doc.__metadata : undefined;
    return {
      path,
      format: 'yarn.lock',
      ecosystem: 'npm',
      entries: sortEntries([...entries.values()]),
      indexes: [],
      roots: [...new Set(roots)].sort(),
      generator: berry ? 'yarn berry' : 'yarn classic',
      format_version: berry ? `berry ${str(metadata?.version) ?? '?'}` : '1',
    };
  });
}
