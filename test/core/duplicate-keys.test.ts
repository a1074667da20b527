// Duplicate JSON keys (issue: "duplicate keys in our own signed documents"): JSON.parse keeps
// the last of two equal keys, so a document could mean one thing here and another to a tool
// that keeps the first. The strict parse refuses them anywhere in the document, after
// unescaping, with the document's own code, the key and the JSON Pointer of its object; the
// trust store, the revocation bundle and release.json all read through it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { keyIdOf } from '../../src/core/ed25519.js';
import { parseRevocationBundle, parseTrustStore } from '../../src/core/trust-store.js';
import { findDuplicateKey, parseStrictJson } from '../../src/core/strict-json.js';
import { releaseHash } from '../../src/release/manifest.js';
import { parseReleaseDocument, serializeReleaseDocument } from '../../src/release/release-document.js';
import { refused, settle } from '../adversarial/harness.js';
import { manifest, sign, signer } from '../release/fixtures.js';

describe('findDuplicateKey', () => {
  it.each([
    ['{"a":1,"a":2}', 'a', ''],
    ['{"a":{"b":1,"c":[{"d":1},{"d":2,"d":3}]}}', 'd', '/a/c/1'],
    ['[0,{"x":1,"x":1}]', 'x', '/1'],
    ['{"errors":180,"\\u0065rrors":0}', 'errors', ''],
    ['{"a/b~":{"k":1,"k":2}}', 'k', '/a~1b~0'],
    ['{"q\\"":1, "q\\"" :2}', 'q"', ''],
    ['{"":1,"":2}', '', ''],
  ])('finds it in %s', (text, key, pointer) => {
    expect(findDuplicateKey(text)).toEqual({ key, pointer });
  });

  it.each([
    '{"a":1,"b":{"a":1},"c":[{"a":1},{"a":1}]}',
    '{"a":"\\"a\\":1,\\"a\\":2","b":"{\\\\"}',
    '["a","a",{"a":"a"}]',
    '{"a\\\\":1,"a":2}',
    '"x"',
    '{"k":{},"l":{}}',
  ])('finds none in %s', (text) => {
    expect(findDuplicateKey(text)).toBeUndefined();
  });

  it('agrees with JSON.parse: none in what JSON.stringify writes, the injected one otherwise', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, key) => {
        const text = JSON.stringify(value);
        expect(findDuplicateKey(text)).toBeUndefined();
        expect(parseStrictJson(text, 'INPUT_INVALID', 'x')).toEqual(JSON.parse(text));
        const twice = `{${JSON.stringify(key)}:${text},${JSON.stringify(key)}:${text}}`;
        expect(findDuplicateKey(twice)).toEqual({ key, pointer: '' });
      }),
      { seed: 20_261_124, numRuns: 300 },
    );
  });

  it('walks 100k nested objects without recursion', () => {
    const text = `${'{"a":'.repeat(100_000)}{"b":1,"b":2}${'}'.repeat(100_000)}`;
    expect(findDuplicateKey(text)?.key).toBe('b');
  });
});

describe('signed documents refuse duplicate keys', () => {
  const leaked = { key_id: keyIdOf(signer.publicKey), revoked_at: '2026-01-01T00:00:00Z', reason: 'leaked' };
  const store = {
    trust_store_version: 'rollgate.trust-store/v1',
    keys: [
      {
        key_id: keyIdOf(signer.publicKey),
        public_key: Buffer.from(signer.publicKey).toString('hex'),
        roles: ['release'],
        not_before: '2026-01-01T00:00:00Z',
        not_after: '2027-01-01T00:00:00Z',
        rotation_max_age_days: 90,
      },
    ],
    thresholds: { release: 2, certificate: 1 },
    rotations: [],
  };

  it('trust store: a threshold given twice (2, then 1) is TRUST_STORE_INVALID, not 1', async () => {
    const text = JSON.stringify(store).replace('"release":2,', '"release":2,"release":1,');
    expect(JSON.parse(text)).toMatchObject({ thresholds: { release: 1 } });
    const error = await refused(() => parseTrustStore(utf8(text), 'trust.json'), ['TRUST_STORE_INVALID']);
    expect(error.message).toContain('trust.json: key "release" appears twice in the object at /thresholds');
    expect((await settle(() => parseTrustStore(utf8(JSON.stringify(store)), 'trust.json'))).ok).toBe(true);
  });

  it('revocation bundle: a revocation list given twice (the leak, then []) is REVOCATION_BUNDLE_INVALID', async () => {
    const text = `{"revocation_bundle_version":"rollgate.revocation-bundle/v1","revocations":${JSON.stringify([leaked])},"revocations":[]}`;
    expect(JSON.parse(text)).toMatchObject({ revocations: [] });
    const error = await refused(
      () => parseRevocationBundle(utf8(text), 'revocations.json'),
      ['REVOCATION_BUNDLE_INVALID'],
    );
    expect(error.message).toContain('revocations.json: key "revocations" appears twice in the top-level object');
  });

  it('release.json: a manifest field given twice is RELEASE_INVALID, though the hash recomputes from the last', async () => {
    const m = manifest();
    const valid = serializeReleaseDocument({ manifest: m, release_hash: releaseHash(m), signatures: [sign(m)] });
    expect(parseReleaseDocument(valid, 'release.json').manifest.release_id).toBe('v1.2.3');
    const text = valid.replace('"release_id": "v1.2.3"', '"release_id": "v9.9.9", "release_id": "v1.2.3"');
    expect(text).not.toBe(valid);
    const error = await refused(() => parseReleaseDocument(text, 'release.json'), ['RELEASE_INVALID']);
    expect(error.message).toContain('release.json: key "release_id" appears twice in the object at /manifest');
  });
});
