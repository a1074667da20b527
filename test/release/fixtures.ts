// A signed release and everything preflight needs, from literals: override one part to break it.
import {
  generateKeyPair,
  keyIdOf,
  parseRevocationBundle,
  parseTrustStore,
  sha256,
  signPayload,
  toHex,
  utf8,
  type KeyPair,
  type KeyRole,
} from '../../src/core/index.js';
import { MANIFEST_VERSION, releaseHash, type ReleaseManifest } from '../../src/release/manifest.js';
import type { PreflightInput } from '../../src/release/preflight.js';

export const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z
const utc = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const APP = utf8('app binary');
export const LOCKFILE_HASH = sha256(utf8('uv.lock bytes'));
export const CONFIG_HASH = sha256(utf8('config'));

export function manifest(over: Partial<ReleaseManifest> = {}): ReleaseManifest {
  return {
    manifest_version: MANIFEST_VERSION,
    release_id: 'v1.2.3',
    source_commit: 'c'.repeat(40),
    artifacts: [
      { name: 'app.bin', kind: 'file', sha256: sha256(APP), size: APP.length, reference: null },
      {
        name: 'web',
        kind: 'container_image',
        sha256: new Uint8Array(32).fill(4),
        size: null,
        reference: 'ghcr.io/org/web',
      },
    ],
    config_hash: CONFIG_HASH,
    lockfile_hash: LOCKFILE_HASH,
    sbom_hash: sha256(utf8('sbom')),
    toolchain_hash: sha256(utf8('toolchain')),
    checkpoint_requirement: { schema_id: 'db-v7', compatible_with: ['db-v6'] },
    ...over,
  };
}

export interface KeySpec {
  pair: KeyPair;
  roles?: KeyRole[];
  from?: number;
  to?: number;
  maxAge?: number;
}

export function trustStore(keys: KeySpec[], threshold = 1) {
  const doc = {
    trust_store_version: 'rollgate.trust-store/v1',
    keys: keys.map((k) => ({
      key_id: keyIdOf(k.pair.publicKey),
      public_key: toHex(k.pair.publicKey),
      roles: k.roles ?? ['release'],
      not_before: utc(k.from ?? T0),
      not_after: utc(k.to ?? T0 + 365 * 86_400),
      rotation_max_age_days: k.maxAge ?? 90,
    })),
    thresholds: { release: threshold, certificate: 1 },
  };
  return parseTrustStore(utf8(JSON.stringify(doc)), 'trust.json');
}

export const noRevocations = parseRevocationBundle(
  utf8('{"revocation_bundle_version":"rollgate.revocation-bundle/v1","revocations":[]}'),
);

export function revoking(pair: KeyPair) {
  return parseRevocationBundle(
    utf8(
      JSON.stringify({
        revocation_bundle_version: 'rollgate.revocation-bundle/v1',
        revocations: [{ key_id: keyIdOf(pair.publicKey), revoked_at: utc(T0), reason: 'leaked' }],
      }),
    ),
  );
}

export const signer = generateKeyPair();
export const sign = (m: ReleaseManifest, pair: KeyPair = signer) => ({
  key_id: keyIdOf(pair.publicKey),
  signature: signPayload(m, pair.privateKey),
});

export function preflightInput(over: Partial<PreflightInput> = {}): PreflightInput {
  const m = over.manifest ?? manifest();
  return {
    manifest: m,
    release_hash: releaseHash(m),
    signatures: [sign(m)],
    trust_store: trustStore([{ pair: signer }]),
    revocations: noRevocations,
    at: T0 + 86_400,
    observed_artifacts: new Map([['app.bin', { sha256: sha256(APP), size: APP.length }]]),
    lock_report: { lock_verdict: 'pass', lockfile_hash: LOCKFILE_HASH },
    config: { problems: [], hash: CONFIG_HASH },
    environment_checkpoint: 'db-v6',
    environment_checkpoint_source: 'state.json',
    required_evidence: ['lock_report', 'sbom'],
    present_evidence: new Set(['lock_report', 'sbom']),
    ...over,
  };
}
