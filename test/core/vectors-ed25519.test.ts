// Ed25519 against RFC 8032 section 7.1 (../shared/vectors) and all Wycheproof cases (vendored,
// Apache-2.0, see test/vectors/PROVENANCE.tsv). Verification is RFC 8032 strict, so every
// Wycheproof verdict must agree exactly, malleated and non-canonical signatures included.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, keyIdOf, publicKeyOf, sha256, signBytes, toHex, verifyBytes } from '../../src/core/index.js';
import { hasSharedVectors, readJson, sharedVectors, vendoredVectors } from '../helpers/vectors.js';

interface Rfc8032Case {
  name: string;
  secretKey: string;
  publicKey: string;
  message: string;
  signature: string;
}

describe.skipIf(!hasSharedVectors)('RFC 8032 section 7.1', () => {
  const cases = hasSharedVectors ? readJson<Rfc8032Case[]>(resolve(sharedVectors, 'ed25519/rfc8032_ed25519.json')) : [];
  it('has the five test vectors', () => expect(cases.map((c) => c.name)).toHaveLength(5));
  it.each(cases)('TEST $name: key, deterministic signature, verification', (c) => {
    const secret = fromHex(c.secretKey);
    expect(toHex(publicKeyOf(secret))).toBe(c.publicKey);
    expect(toHex(signBytes(fromHex(c.message), secret))).toBe(c.signature);
    expect(verifyBytes(fromHex(c.signature), fromHex(c.message), fromHex(c.publicKey))).toBe(true);
    expect(keyIdOf(fromHex(c.publicKey))).toBe(`ed25519:${toHex(sha256(fromHex(c.publicKey))).slice(0, 32)}`);
  });
});

interface WycheproofFile {
  numberOfTests: number;
  testGroups: Array<{
    publicKey: { pk: string };
    tests: Array<{
      tcId: number;
      msg: string;
      sig: string;
      result: 'valid' | 'invalid' | 'acceptable';
      comment: string;
    }>;
  }>;
}

describe('Wycheproof ed25519_test.json', () => {
  const file = readJson<WycheproofFile>(resolve(vendoredVectors, 'ed25519/wycheproof/ed25519_test.json'));
  const cases = file.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));

  it('has all 151 cases, none merely "acceptable"', () => {
    expect(cases).toHaveLength(151);
    expect(file.numberOfTests).toBe(151);
    expect(cases.filter((c) => c.result === 'acceptable')).toEqual([]);
  });

  it.each(cases)('tcId $tcId ($result) $comment', (c) => {
    expect(verifyBytes(fromHex(c.sig), fromHex(c.msg), fromHex(c.pk))).toBe(c.result === 'valid');
  });
});
