// pnpm-lock.yaml: lockfileVersion 5/6 key packages as `/name@version` (or `/name/version`),
// 9 as `name@version` with dependency edges under `snapshots`. Peer suffixes such as
// `(react@18.2.0)` are stripped from versions; git-hosted tarballs become git sources; importer
// `link:` versions are workspace members. Lines come from the YAML node positions.
import type { DependencyEdge, LockEntry, LockSource, ParsedLockfile } from '../model.js';
import { NPM_REGISTRY, parseIntegrity } from './npm-hashes.js';
import { npmEdges } from './npm-edges.js';
import { guardParse, lockParseError } from './parse-error.js';
import { sortEntries } from './sort-entries.js';
import { mappingPairs, parseYamlDoc } from '../../util/yaml-doc.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const stripPeers = (version: string) => version.replace(/\(.*$/, '');

/** `/@scope/name@1.2.3(peer@1)`, `name@1.2.3`, `/name/1.2.3` → name and version. */
export function splitPnpmKey(key: string): { name: string; version: string } | undefined {
  const bare = stripPeers(key.startsWith('/') ? key.slice(1) : key);
  const at = bare.indexOf('@', 1);
  if (at > 0) return { name: bare.slice(0, at), version: bare.slice(at + 1) };
  const slash = bare.lastIndexOf('/');
  return slash > 0 ? { name: bare.slice(0, slash), version: bare.slice(slash + 1) } : undefined;
}

function sourceOf(resolution: Obj, registry: string, name: string, version: string): LockSource {
  const tarball = str(resolution.tarball);
  if (resolution.gitHosted === true || (tarball && /codeload\.github\.com|\/tar\.gz\/[0-9a-f]{40}/.test(tarball))) {
    const commit = tarball ? /([0-9a-f]{40})/.exec(tarball)?.[1] : undefined;
    return { kind: 'git', ...(tarball ? { url: tarball } : {}), ...(commit ? { commit } : {}) };
  }
  if (str(resolution.repo))
    return {
      kind: 'git',
      url: str(resolution.repo)!,
      ...(str(resolution.commit) ? { commit: str(resolution.commit)! } : {}),
    };
  if (str(resolution.directory)) return { kind: 'directory', path: str(resolution.directory)! };
  if (tarball?.startsWith('file:')) return { kind: 'path', path: tarball.slice(5) };
  return { kind: 'registry', url: tarball ?? `${registry}${name}/-/${name.split('/').pop()!}-${version}.tgz` };
}

export function parsePnpmLock(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const { doc, value, line } = parseYamlDoc(text, path, lockParseError);
    if (!isObj(value) || value.lockfileVersion === undefined)
      throw lockParseError(path, 1, 'not a pnpm-lock.yaml: no lockfileVersion');
    const formatVersion =
      typeof value.lockfileVersion === 'string' || typeof value.lockfileVersion === 'number'
        ? String(value.lockfileVersion)
        : '';
    if (!/^[5-9](\.\d+)?$/.test(formatVersion))
      throw lockParseError(path, 1, `unsupported lockfileVersion ${formatVersion}`);
    const registry = NPM_REGISTRY;
    const snapshotsByKey = new Map<string, Obj[]>();
    for (const [k, v] of Object.entries(isObj(value.snapshots) ? value.snapshots : {})) {
      snapshotsByKey.set(stripPeers(k), [...(snapshotsByKey.get(stripPeers(k)) ?? []), isObj(v) ? v : {}]);
    }
    const packages = value.packages === undefined ? {} : value.packages;
    if (!isObj(packages)) throw lockParseError(path, 1, '`packages` is not a mapping');
    const entries: LockEntry[] = [];
    for (const { key, node } of mappingPairs(doc, ['packages'])) {
      const pkg = packages[key];
      const parts = splitPnpmKey(key);
      if (!isObj(pkg) || !parts) throw lockParseError(path, line(node), `package ${JSON.stringify(key)} is malformed`);
      const resolution = isObj(pkg.resolution) ? pkg.resolution : {};
      const integrity = str(resolution.integrity);
      const hashes = integrity === undefined ? undefined : parseIntegrity(integrity);
      if (integrity !== undefined && hashes === undefined)
        throw lockParseError(path, line(node), `malformed integrity for ${key}`);
      const name = str(pkg.name) ?? parts.name;
      const version = str(pkg.version) ?? (parts.version.startsWith('http') ? null : parts.version);
      const source = sourceOf(resolution, registry, name, version ?? parts.version);
      // v9 keeps edges in `snapshots` (one per peer variant); v5/v6 on the package.
      const edgeSources = [pkg, ...(snapshotsByKey.get(stripPeers(key)) ?? [])];
      const edges = new Map<string, DependencyEdge>();
      for (const s of edgeSources) for (const e of npmEdges(s, stripPeers)) edges.set(`${e.name}@${e.spec ?? ''}`, e);
      entries.push({
        name,
        raw_name: name,
        version,
        ...(version === null ? { version_spec: parts.version } : {}),
        source,
        artifacts: hashes ? [{ ...(source.kind === 'registry' && source.url ? { url: source.url } : {}), hashes }] : [],
        dependencies: [...edges.values()],
        line: line(node),
        ...(pkg.dev === true ? { dev: true } : {}),
      });
    }
    const roots: string[] = [];
    const importers = isObj(value.importers) ? value.importers : {};
    for (const [dir, importer] of Object.entries(importers)) {
      roots.push(dir);
      if (!isObj(importer)) continue;
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        const deps = importer[field];
        if (!isObj(deps)) continue;
        for (const [name, spec] of Object.entries(deps)) {
          const version = isObj(spec) ? str(spec.version) : str(spec);
          if (version?.startsWith('link:')) roots.push(name);
        }
      }
    }
    return {
      path,
      format: 'pnpm-lock.yaml',
      ecosystem: 'npm',
      entries: sortEntries(entries),
      indexes: [],
      roots: [...new Set(roots)].sort(),
      generator: 'pnpm',
      format_version: formatVersion,
    };
  });
}
