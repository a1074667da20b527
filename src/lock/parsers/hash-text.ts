// `alg:hex` hash strings as Python locks write them (uv `hash = "sha256:…"`, poetry
// `hash = "sha256:…"`, pip `--hash=sha256:…`).
import type { ArtifactHash, HashAlgorithm } from '../model.js';

const LENGTHS: Readonly<Record<HashAlgorithm, number>> = { md5: 32, sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

export function parseHashText(text: string): ArtifactHash | undefined {
  const match = /^(md5|sha1|sha256|sha384|sha512)[:=]([0-9a-fA-F]+)$/.exec(text.trim());
  if (!match) return undefined;
  const algorithm = match[1] as HashAlgorithm;
  const hex = match[2]!.toLowerCase();
  return hex.length === LENGTHS[algorithm] ? { algorithm, hex } : undefined;
}
