// The signed documents: trust stores, revocation bundles, release documents and execution
// certificates, each mutated from a valid literal (fixed keys, so every case replays from the
// seed). Each ends in its own coded refusal or in a value that is consistent with its bytes:
// key ids match their keys, a release re-serializes to itself and its hash recomputes, a
// certificate re-encodes to exactly its input, and an accepted trust store judges signatures.
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/core/bytes.js';
import { sha256 } from '../../src/core/digest.js';
import { keyIdOf, publicKeyOf, signPayload } from '../../src/core/ed25519.js';
import { signRotation } from '../../src/core/key-rotation.js';
import { checkSignatures } from '../../src/core/signature-check.js';
import { parseRevocationBundle, parseTrustStore } from '../../src/core/trust-store.js';
import { parseUtc } from '../../src/core/utc-time.js';
import {
  BOUND_HASH_FIELDS,
  CERTIFICATE_VERSION,
  certificateHash,
  decodeCertificate,
  encodeCertificate,
  issueCertificate,
  type SignedPayload,
} from '../../src/promote/execution-certificate.js';
import { certificateSignature, validityOf } from '../../src/promote/evidence-validate.js';
import { MANIFEST_VERSION, RELEASE_KIND, releaseHash, type ReleaseManifest } from '../../src/release/manifest.js';
import { parseReleaseDocument, serializeReleaseDocument } from '../../src/release/release-document.js';
import { settle } from '../adversarial/harness.js';
import { cborDocuments, jsonDocuments } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';

const OLD_KEY = new Uint8Array(32).fill(1);
const NEW_KEY = new Uint8Array(32).fill(2);
const keyOf = (privateKey: Uint8Array) => ({ privateKey, key_id: keyIdOf(publicKeyOf(privateKey)) });
const [OLD, NEW] = [keyOf(OLD_KEY), keyOf(NEW_KEY)];
const trustedKey = (k: typeof OLD, roles: string[]) => ({
  key_id: k.key_id,
  public_key: toHex(publicKeyOf(k.privateKey)),
  roles,
  not_before: '2026-01-01T00:00:00Z',
  not_after: '2027-01-01T00:00:00Z',
  rotation_max_age_days: 90,
});
const ROTATION = {
  old_key_id: OLD.key_id,
  new_key_id: NEW.key_id,
  rotated_at: parseUtc('2026-03-01T00:00:00Z'),
  reason: 'scheduled',
};
const TRUST_STORE = {
  trust_store_version: 'rollgate.trust-store/v1',
  keys: [trustedKey(OLD, ['release']), trustedKey(NEW, ['release', 'certificate'])],
  thresholds: { release: 1, certificate: 1 },
  rotations: [
    {
      ...ROTATION,
      rotated_at: '2026-03-01T00:00:00Z',
      signatures: [signRotation(ROTATION, OLD), signRotation(ROTATION, NEW)].map((s) => ({
        key_id: s.key_id,
        signature: toHex(s.signature),
      })),
    },
  ],
};
const REVOCATIONS = {
  revocation_bundle_version: 'rollgate.revocation-bundle/v1',
  revocations: [{ key_id: OLD.key_id, revoked_at: '2026-06-01T00:00:00Z', reason: 'lost' }],
};
const MANIFEST: ReleaseManifest = {
  manifest_version: MANIFEST_VERSION,
  release_id: 'v1.2.3',
  source_commit: 'c'.repeat(40),
  artifacts: [
    { name: 'app.bin', kind: 'file', sha256: sha256(utf8('app')), size: 3, reference: null },
    {
      name: 'web',
      kind: 'container_image',
      sha256: new Uint8Array(32).fill(4),
      size: null,
      reference: 'ghcr.io/o/web',
    },
  ],
  config_hash: new Uint8Array(32).fill(5),
  lockfile_hash: null,
  sbom_hash: new Uint8Array(32).fill(6),
  toolchain_hash: null,
  checkpoint_requirement: { schema_id: 'db-v7', compatible_with: ['db-v6'] },
};
const SIGNATURES = [OLD, NEW].map((k) => ({ key_id: k.key_id, signature: signPayload(MANIFEST, k.privateKey) }));
const RELEASE_JSON = JSON.parse(
  serializeReleaseDocument({ manifest: MANIFEST, release_hash: releaseHash(MANIFEST), signatures: SIGNATURES }),
) as unknown;
const CERTIFICATE = issueCertificate(
  {
    certificate_version: CERTIFICATE_VERSION,
    tenant_id: 'octo/app',
    run_id: '1',
    environment: 'production',
    signature_algorithm: 'ed25519',
    verification_time_utc: '2026-01-01T00:00:00Z',
    valid_until_utc: '2026-01-02T00:00:00Z',
    checkpoint_schema: 'db-v1',
    ...Object.fromEntries(BOUND_HASH_FIELDS.map((f, i) => [f, new Uint8Array(32).fill(i)])),
  } as SignedPayload,
  NEW_KEY,
);
const REVOKED_NOTHING = parseRevocationBundle(
  utf8('{"revocation_bundle_version":"rollgate.revocation-bundle/v1","revocations":[]}'),
);

describe('signed documents', () => {
  it('trust stores: refused with a code, or keys that match their ids and judge signatures', async () => {
    await fuzz('core/trust-store', jsonDocuments(TRUST_STORE), async (text) => {
      const bytes = utf8(text);
      const outcome = await settle(
        () => parseTrustStore(bytes, 'trust.json'),
        ['TRUST_STORE_INVALID', 'TIME_FORMAT_INVALID'],
      );
      if (!outcome.ok) return false;
      const store = outcome.value;
      expect(toHex(store.trust_store_hash)).toBe(toHex(sha256(bytes)));
      for (const [id, key] of store.keys) expect(keyIdOf(key.public_key)).toBe(id);
      expect(parseTrustStore(bytes, 'trust.json')).toEqual(store);
      const report = checkSignatures({
        payload: MANIFEST,
        kind: RELEASE_KIND,
        signatures: SIGNATURES,
        role: 'release',
        trustStore: store,
        revocations: REVOKED_NOTHING,
        at: parseUtc('2026-02-01T00:00:00Z'),
      });
      expect(report.verdict === 'pass').toBe(report.valid_signers.length >= store.thresholds.release);
      return true;
    });
  });

  it('revocation bundles: refused with a code, or the earliest revocation of each key', async () => {
    await fuzz('core/revocation-bundle', jsonDocuments(REVOCATIONS), async (text) => {
      const codes = ['REVOCATION_BUNDLE_INVALID', 'TIME_FORMAT_INVALID'] as const;
      const outcome = await settle(() => parseRevocationBundle(utf8(text), 'revoked.json'), codes);
      if (!outcome.ok) return false;
      const doc = JSON.parse(text) as { revocations: Array<{ key_id: string; revoked_at: string }> };
      for (const [id, r] of outcome.value.revocations) {
        const times = doc.revocations.filter((x) => x.key_id === id).map((x) => parseUtc(x.revoked_at));
        expect(r.revoked_at).toBe(Math.min(...times));
      }
      return true;
    });
  });

  it('release documents: refused with a code, or re-serialized to the same release with its hash', async () => {
    await fuzz('release/document', jsonDocuments(RELEASE_JSON), async (text) => {
      const codes = ['RELEASE_INVALID', 'RELEASE_HASH_MISMATCH', 'DIGEST_FORMAT_INVALID'] as const;
      const outcome = await settle(() => parseReleaseDocument(text, 'release.json'), codes);
      if (!outcome.ok) return false;
      const doc = outcome.value;
      expect(toHex(releaseHash(doc.manifest))).toBe(toHex(doc.release_hash));
      expect(parseReleaseDocument(serializeReleaseDocument(doc), 'again.json')).toEqual(doc);
      return true;
    });
  });

  it('execution certificates: CERTIFICATE_INVALID, or exactly the input again, verifying only if unchanged', async () => {
    const trust = { trust_store: parseTrustStore(utf8(JSON.stringify(TRUST_STORE))), revocations: REVOKED_NOTHING };
    const at = parseUtc('2026-01-01T12:00:00Z');
    await fuzz('promote/certificate', cborDocuments(CERTIFICATE), async (bytes) => {
      const outcome = await settle(() => decodeCertificate(bytes, 'cert.cbor'), ['CERTIFICATE_INVALID']);
      if (!outcome.ok) return false;
      const certificate = outcome.value;
      expect(toHex(encodeCertificate(certificate))).toBe(toHex(bytes));
      expect(toHex(certificateHash(certificate))).toBe(toHex(sha256(bytes)));
      const validity = validityOf(certificate.signed_payload, at);
      for (const [code] of validity.problems) expect(['CERTIFICATE_INVALID', 'CERTIFICATE_EXPIRED']).toContain(code);
      if (certificateSignature(certificate, trust, at).verdict === 'pass')
        expect(toHex(bytes)).toBe(toHex(encodeCertificate(CERTIFICATE)));
      return true;
    });
  });
});
