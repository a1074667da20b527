// Subresource-integrity strings (`sha512-<base64>`, several separated by spaces) as npm, pnpm
// and yarn write them, turned into lowercase-hex hashes.
import type { ArtifactHash, HashAlgorithm } from '../model.js';

const SRI_RE = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$/;
const LENGTHS: Readonly<Record<string, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export function parseIntegrity(integrity: string): ArtifactHash[] | undefined {
  const hashes: ArtifactHash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const match = SRI_RE.exec(part);
    if (!match) return undefined;
    const bytes = Buffer.from(match[2]!, 'base64');
    if (bytes.length !== LENGTHS[match[1]!]) return undefined;
    hashes.push({ algorithm: match[1] as HashAlgorithm, hex: bytes.toString('hex') });
  }
  return hashes.length > 0 ? hashes : undefined;
}

export const NPM_REGISTRY = 'https://registry.npmjs.org/';

/** The source a resolved URL implies: git for git URLs (commit from the fragment), a path for file:, else a registry tarball. */
export function npmSourceOf(resolved: string | undefined): import('../model.js').LockSource {
  if (resolved === undefined) return { kind: 'unknown' };
  if (/^git\+|^git:|^github:/.test(resolved)) {
    const hash = resolved.indexOf('#');
    const commit = hash >= 0 ? resolved.slice(hash + 1) : undefined;
    return {
      kind: 'git',
      url: (hash >= 0 ? resolved.slice(0, hash) : resolved).replace(/^git\+/, ''),
      ...(commit && /^[0-9a-f]{40}$/.test(commit) ? { commit } : {}),
    };
  }
  if (resolved.startsWith('file:')) return { kind: 'path', path: resolved.slice(5) };
  return { kind: 'registry', url: resolved };
}
