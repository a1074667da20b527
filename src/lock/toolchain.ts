// toolchain_hash, runtime_env_hash, lockfile_hash and dependencies_lock_hash (DESIGN 4.2, 6;
// document 004 II.F; document 000 II.F). Pure.
import { compareText } from '../core/errors.js';
import { taggedHash } from '../core/digest.js';
import { HASH_TAGS } from '../core/hash-tags.js';

/** Document 004's triple; for npm locks the analogous (node_version, npm_version, installer). */
export interface Toolchain {
  readonly python_version: string;
  readonly pip_version: string;
  readonly installer_version: string;
}

export function toolchainHash(toolchain: Toolchain): Uint8Array {
  return taggedHash(
    HASH_TAGS.toolchain_v1,
    toolchain.python_version,
    toolchain.pip_version,
    toolchain.installer_version,
  );
}

export function runtimeEnvHash(platform: string, arch: string): Uint8Array {
  return taggedHash(HASH_TAGS.runtime_env_v1, platform, arch);
}

/** One lockfile: the SHA-256 of its bytes. Several: a tagged hash over (path, digest) pairs. */
export function lockfileHash(files: ReadonlyArray<{ readonly path: string; readonly sha256: Uint8Array }>): Uint8Array {
  if (files.length === 1) return files[0]!.sha256;
  const pairs = [...files].sort((a, b) => compareText(a.path, b.path)).map((f) => [f.path, f.sha256]);
  return taggedHash(HASH_TAGS.lockfile_set_v1, pairs);
}

export function dependenciesLockHash(lockfile: Uint8Array, toolchain: Uint8Array, runtimeEnv: Uint8Array): Uint8Array {
  return taggedHash(HASH_TAGS.deps_lock_v1, lockfile, toolchain, runtimeEnv);
}
