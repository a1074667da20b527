// The CycloneDX 1.6 JSON SBOM of the verified locks (document 004 II.F, DESIGN 6):
// deterministic (no timestamp; components, references and hashes sorted; serialNumber a UUID
// derived from the content), with purls and hashes. Its SHA-256 goes into the trace and the
// certificate, so the same locks always give the same bytes.
import { PackageURL } from 'packageurl-js';
import { sha256 } from '../core/digest.js';
import { compareText } from '../core/errors.js';
import { toHex, utf8 } from '../core/bytes.js';
import type { ArtifactHash, Ecosystem, LockEntry, ParsedLockfile } from './model.js';

const CDX_ALG: Readonly<Record<ArtifactHash['algorithm'], string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

const PURL_TYPE: Readonly<Record<Ecosystem, string>> = { pypi: 'pypi', npm: 'npm', 'github-actions': 'githubactions' };

export interface SbomTool {
  readonly name: string;
  readonly version: string;
}

/**
 * A container image a workflow runs (`docker://`): pkg:docker with its path as namespace and
 * name, pinned by digest or else named by tag, and its registry host as `repository_url`.
 */
function dockerPurl(entry: LockEntry): string {
  const parts = entry.name.split('/');
  const registry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!) ? parts.shift() : undefined;
  const name = parts.pop()!;
  return new PackageURL(
    'docker',
    parts.length > 0 ? parts.join('/') : null,
    name,
    entry.version ?? entry.version_spec ?? null,
    registry ? { repository_url: registry } : null,
    null,
  ).toString();
}

function purlOf(ecosystem: Ecosystem, entry: LockEntry): string {
  if (entry.source.kind === 'docker') return dockerPurl(entry);
  let namespace: string | null = null;
  // npm installs aliases and overrides under another folder name: the purl names the package.
  let name = ecosystem === 'npm' ? entry.raw_name : entry.name;
  if (ecosystem === 'npm' && name.startsWith('@') && name.includes('/')) {
    [namespace, name] = name.split('/', 2) as [string, string];
  } else if (ecosystem === 'github-actions' && name.includes('/')) {
    const parts = name.split('/');
    namespace = parts[0]!;
    name = parts.slice(1).join('/');
  }
  const version = ecosystem === 'github-actions' ? (entry.source.ref ?? entry.version) : entry.version;
  return new PackageURL(PURL_TYPE[ecosystem], namespace, name, version ?? null, null, null).toString();
}

function hashesOf(hashes: readonly ArtifactHash[]) {
  const seen = new Map<string, { alg: string; content: string }>();
  for (const h of hashes) seen.set(`${h.algorithm}:${h.hex}`, { alg: CDX_ALG[h.algorithm], content: h.hex });
  return [...seen.values()].sort((a, b) => compareText(a.alg, b.alg) || compareText(a.content, b.content));
}

function componentOf(ecosystem: Ecosystem, entry: LockEntry, purl: string) {
  const single = entry.artifacts.length === 1 ? hashesOf(entry.artifacts[0]!.hashes) : [];
  const distributions = entry.artifacts
    .filter((a) => a.url !== undefined)
    .map((a) => ({ type: 'distribution', url: a.url!, ...(a.hashes.length > 0 ? { hashes: hashesOf(a.hashes) } : {}) }))
    .sort((a, b) => compareText(a.url, b.url));
  const vcs = entry.source.kind === 'git' && entry.source.url ? [{ type: 'vcs', url: entry.source.url }] : [];
  return {
    type: ecosystem === 'github-actions' ? 'application' : 'library',
    'bom-ref': purl,
    name: entry.name,
    ...(entry.version !== null ? { version: entry.version } : {}),
    purl,
    ...(single.length > 0 ? { hashes: single } : {}),
    ...(distributions.length + vcs.length > 0 ? { externalReferences: [...vcs, ...distributions] } : {}),
    properties: [
      { name: 'rollgate:source', value: entry.source.kind },
      ...(entry.source.commit ? [{ name: 'rollgate:commit', value: entry.source.commit }] : []),
      ...(entry.source.path ? [{ name: 'rollgate:path', value: entry.source.path }] : []),
    ],
  };
}

/** An RFC 9562 version 8 UUID from the first 16 bytes of SHA-256 of the content. */
export function contentUuid(content: Uint8Array): string {
  const bytes = sha256(content).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The SBOM of the given locks as a JSON value; serialize with serializeSbom for its bytes. */
export function buildSbom(
  locks: readonly ParsedLockfile[],
  tool: SbomTool,
  properties: ReadonlyArray<{ name: string; value: string }> = [],
) {
  const components = new Map<string, ReturnType<typeof componentOf>>();
  const edges = new Map<string, Set<string>>();
  for (const lock of locks) {
    const refOf = new Map<string, string>();
    // Local actions are the repository's own code, not a component with a package URL.
    const withPurl = lock.entries
      .filter((e) => e.source.kind !== 'local-action')
      .map((entry) => ({ entry, purl: purlOf(lock.ecosystem, entry) }));
    for (const { entry, purl } of withPurl) {
      refOf.set(entry.name, refOf.get(entry.name) ?? purl);
      if (!components.has(purl)) components.set(purl, componentOf(lock.ecosystem, entry, purl));
    }
    for (const { entry, purl: from } of withPurl) {
      const targets = edges.get(from) ?? new Set<string>();
      for (const edge of entry.dependencies) {
        const to = refOf.get(edge.name);
        if (to !== undefined && to !== from) targets.add(to);
      }
      edges.set(from, targets);
    }
  }
  const refs = [...components.keys()].sort(compareText);
  const body = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: {
      tools: { components: [{ type: 'application', name: tool.name, version: tool.version }] },
      properties: [...properties].sort((a, b) => compareText(a.name, b.name)),
    },
    components: refs.map((r) => components.get(r)!),
    dependencies: refs.map((r) => ({ ref: r, dependsOn: [...(edges.get(r) ?? [])].sort(compareText) })),
  };
  const serialNumber = `urn:uuid:${contentUuid(utf8(JSON.stringify(body)))}`;
  return {
    bomFormat: body.bomFormat,
    specVersion: body.specVersion,
    serialNumber,
    version: body.version,
    metadata: body.metadata,
    components: body.components,
    dependencies: body.dependencies,
  };
}

export function serializeSbom(sbom: ReturnType<typeof buildSbom>): Uint8Array {
  return utf8(`${JSON.stringify(sbom, null, 2)}\n`);
}
