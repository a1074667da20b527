// The one normalized model every lockfile parser maps to (DESIGN 6): name (normalized per
// ecosystem), exact version, source, artifacts with hashes, dependency edges, and the entry's
// line in the file for annotations. Parsers are pure: text in, ParsedLockfile out.

export const LOCK_FORMATS = [
  'uv.lock',
  'poetry.lock',
  'requirements.txt',
  'package-lock.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'workflow',
] as const;
export type LockFormat = (typeof LOCK_FORMATS)[number];

/**
 * Registry configuration that says where the packages of npm, pnpm and yarn locks are fetched
 * from: read beside those lockfiles (or named in the list), parsed into index options only.
 */
export const REGISTRY_CONFIG_FORMATS = ['.npmrc', '.yarnrc.yml'] as const;
export type RegistryConfigFormat = (typeof REGISTRY_CONFIG_FORMATS)[number];

/** Every format lock-verify reads: the lockfiles and the registry configuration. */
export const INPUT_FORMATS = [...LOCK_FORMATS, ...REGISTRY_CONFIG_FORMATS] as const;
export type InputFormat = LockFormat | RegistryConfigFormat;

export const ECOSYSTEMS = ['pypi', 'npm', 'github-actions'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export type SourceKind =
  /** A package index / registry: url is the index or the artifact URL's origin. */
  | 'registry'
  /** A git repository: url without the fragment, commit when pinned. */
  | 'git'
  /** A direct URL to an archive. */
  | 'url'
  /** A local archive or file path. */
  | 'path'
  /** A local directory (not editable). */
  | 'directory'
  /** An editable install (`-e`, uv `editable`, poetry `develop = true`). */
  | 'editable'
  /** A workspace member or link (npm `link: true`, pnpm `link:`/`workspace:`, yarn `workspace:`, uv `virtual`). */
  | 'workspace'
  /** A GitHub Action `owner/repo[/path]@ref` (commit holds the ref when it is a 40-hex SHA). */
  | 'action'
  /** A local action or reusable workflow (`./…`). */
  | 'local-action'
  /** A `docker://` image: url is the image reference, digest when pinned by digest. */
  | 'docker'
  /** Nothing says where it comes from (e.g. npm entries with neither resolved nor integrity). */
  | 'unknown';

export interface LockSource {
  readonly kind: SourceKind;
  /** Registry/index URL, artifact URL, git URL, or image reference, as written. */
  readonly url?: string;
  /** Full commit SHA (git, action) when the lock pins one. */
  readonly commit?: string;
  /** Git ref, action tag or branch as written (may be a SHA). */
  readonly ref?: string;
  /** Local path for path, directory, editable and workspace sources. */
  readonly path?: string;
  /** Image digest `sha256:<hex>` for docker sources pinned by digest. */
  readonly digest?: string;
}

export type HashAlgorithm = 'sha1' | 'md5' | 'sha256' | 'sha384' | 'sha512';

export interface ArtifactHash {
  readonly algorithm: HashAlgorithm;
  /** Lowercase hex (npm SRI base64 is converted). */
  readonly hex: string;
}

export interface LockArtifact {
  /** File name (wheel, sdist, tarball) when known. */
  readonly filename?: string;
  readonly url?: string;
  readonly hashes: readonly ArtifactHash[];
  readonly size?: number;
}

export interface DependencyEdge {
  /** The dependency's normalized name. */
  readonly name: string;
  /** Version or range as the lock records it for this edge, when it does. */
  readonly spec?: string;
  /** Optional/peer/extra edges need not resolve in strict mode unless the lock has them. */
  readonly optional?: boolean;
}

export interface LockEntry {
  /** Normalized per ecosystem: PEP 503 for Python, as-is (case-sensitive) for npm, owner/repo[/path] lowercased for actions. */
  readonly name: string;
  /** The name as written in the file. */
  readonly raw_name: string;
  /** The exact locked version; null when the file does not pin one (a violation). */
  readonly version: string | null;
  /** The version text as written when it is not an exact pin (e.g. `>=1.2`, `^4`), for messages. */
  readonly version_spec?: string;
  readonly source: LockSource;
  readonly artifacts: readonly LockArtifact[];
  readonly dependencies: readonly DependencyEdge[];
  /** 1-based line of the entry in the file. */
  readonly line: number;
  /** Development-only dependency, when the lock says so. */
  readonly dev?: boolean;
  /** Extras/markers/groups as written, for reports. */
  readonly markers?: string;
}

/** What an index option does, which decides how the policy judges its value. */
export type IndexOptionKind =
  /** A package index or registry packages are fetched from: pip -i/--extra-index-url, npm `registry`, yarn `npmRegistryServer`. */
  | 'index'
  /** A page or directory of archives: pip -f/--find-links. */
  | 'find-links'
  /** Another requirements or constraints file pulled in: pip -r/-c (the value as written, relative to this file). */
  | 'include'
  /** A host allowed without TLS checks or over plain HTTP: pip --trusted-host, yarn `unsafeHttpWhitelist`. */
  | 'insecure-host'
  /** TLS certificate checks off for every host: npm `strict-ssl=false`, yarn `enableStrictSsl: false`. */
  | 'insecure-transport'
  /** Text the installer fills in from the environment at install time (pip `${VAR}` in a requirement). */
  | 'environment'
  /** An option the format does not document: the installer refuses or reads it, and nothing says where it sends the install. */
  | 'unrecognised';

export interface IndexOption {
  /** `index-url`, `extra-index-url`, `find-links`, `trusted-host`, or a registry setting of the lock. */
  readonly option: string;
  readonly value: string;
  readonly line: number;
  /**
   * How the option is judged. Absent: pip's option names say it (`index-url`, `find-links`,
   * `trusted-host`, `requirement`…); any other name is a declaration the lock's entries carry
   * themselves (poetry sources), not judged on its own.
   */
  readonly kind?: IndexOptionKind;
}

export interface ParsedLockfile {
  readonly path: string;
  readonly format: InputFormat;
  readonly ecosystem: Ecosystem;
  /** Sorted by (name, source url/path, version) — document 004 0.D. */
  readonly entries: readonly LockEntry[];
  /** Index and registry options the file declares (requirements options, uv/poetry sources). */
  readonly indexes: readonly IndexOption[];
  /** Names of the project's own roots/workspace members, which are not third-party packages. */
  readonly roots: readonly string[];
  /** Tool and version that wrote the file, when its header says (e.g. `Poetry 2.1.3`, `uv`, `pip-compile`). */
  readonly generator?: string;
  /** Format version as the file declares it (lockfileVersion, lock-version, revision, __metadata.version). */
  readonly format_version?: string;
}
