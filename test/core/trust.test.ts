// Trust-store verification (DESIGN 4.3): one test per refusal reason, each with its own code,
// the inclusive validity window, k-of-n thresholds with a signer counted once, revocation,
// rotation records, and the payload's kind.
import { describe, expect, it } from 'vitest';
import {
  assertPinned,
  assertSignaturesPass,
  checkSignatures,
  generateKeyPair,
  keyIdOf,
  parseRevocationBundle,
  parseTrustStore,
  parseUtc,
  rotationPayload,
  rotationProblem,
  sha256,
  signPayload,
  signRotation,
  toHex,
  type KeyPair,
  type KeyRole,
  type SignatureEntry,
} from '../../src/core/index.js';

const T0 = parseUtc('2026-01-01T00:00:00Z');
const DAY = 86_400;
const utc = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const KIND = { field: 'manifest_version', value: 'rollgate.release/v1' };
const payload = { manifest_version: 'rollgate.release/v1', release_id: 'r1' };

interface KeySpec {
  pair: KeyPair;
  roles?: KeyRole[];
  from?: number;
  to?: number;
  maxAge?: number;
}

function store(keys: KeySpec[], extra: { thresholds?: object; rotations?: unknown[] } = {}) {
  const doc = {
    trust_store_version: 'rollgate.trust-store/v1',
    keys: keys.map((k) => ({
      key_id: keyIdOf(k.pair.publicKey),
      public_key: toHex(k.pair.publicKey),
      roles: k.roles ?? ['release'],
      not_before: utc(k.from ?? T0),
      not_after: utc(k.to ?? T0 + 365 * DAY),
      rotation_max_age_days: k.maxAge ?? 90,
    })),
    thresholds: extra.thresholds ?? { release: 1, certificate: 1 },
    rotations: extra.rotations ?? [],
  };
  return parseTrustStore(new TextEncoder().encode(JSON.stringify(doc)), 'trust.json');
}

const noRevocations = parseRevocationBundle(
  new TextEncoder().encode('{"revocation_bundle_version":"rollgate.revocation-bundle/v1","revocations":[]}'),
);
const sign = (pair: KeyPair, p: object = payload): SignatureEntry => ({
  key_id: keyIdOf(pair.publicKey),
  signature: signPayload(p, pair.privateKey),
});

function check(
  keys: KeySpec[],
  signatures: SignatureEntry[],
  at = T0 + DAY,
  extra: Parameters<typeof store>[1] = {},
  revocations = noRevocations,
  p: object = payload,
) {
  return checkSignatures({
    payload: p,
    kind: KIND,
    signatures,
    role: 'release',
    trustStore: store(keys, extra),
    revocations,
    at,
  });
}

describe('checkSignatures', () => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  const c = generateKeyPair();

  it('passes one valid in-window signature of the role', () => {
    const report = check([{ pair: a }], [sign(a)]);
    expect(report).toMatchObject({ verdict: 'pass', valid_signers: [keyIdOf(a.publicKey)], codes: [] });
    expect(() => assertSignaturesPass(report, 'release')).not.toThrow();
  });

  it('KEY_UNKNOWN: a signer not in the trust store', () => {
    const report = check([{ pair: a }], [sign(b)]);
    expect(report.signatures[0]!.codes).toEqual(['KEY_UNKNOWN']);
    expect(report.codes).toEqual(['KEY_UNKNOWN', 'SIGNATURE_THRESHOLD_NOT_MET']);
  });

  it('KEY_REVOKED: a revoked signer, whatever revoked_at says', () => {
    const bundle = parseRevocationBundle(
      new TextEncoder().encode(
        JSON.stringify({
          revocation_bundle_version: 'rollgate.revocation-bundle/v1',
          revocations: [{ key_id: keyIdOf(a.publicKey), revoked_at: utc(T0 + 300 * DAY), reason: 'leaked' }],
        }),
      ),
    );
    const report = check([{ pair: a }], [sign(a)], T0 + DAY, {}, bundle);
    expect(report.signatures[0]!.codes).toEqual(['KEY_REVOKED']);
    expect(report.verdict).toBe('fail');
  });

  it('KEY_WRONG_ROLE: a certificate key signing a release', () => {
    const report = check([{ pair: a, roles: ['certificate'] }], [sign(a)]);
    expect(report.signatures[0]!.codes).toEqual(['KEY_WRONG_ROLE']);
  });

  it('KEY_OUTSIDE_WINDOW before not_before and after not_after; both bounds inclusive', () => {
    const keys = [{ pair: a, from: T0, to: T0 + 10 * DAY }];
    expect(check(keys, [sign(a)], T0 - 1).signatures[0]!.codes).toEqual(['KEY_OUTSIDE_WINDOW']);
    expect(check(keys, [sign(a)], T0 + 10 * DAY + 1).signatures[0]!.codes).toEqual(['KEY_OUTSIDE_WINDOW']);
    expect(check(keys, [sign(a)], T0).verdict).toBe('pass');
    expect(check(keys, [sign(a)], T0 + 10 * DAY).verdict).toBe('pass');
  });

  it('KEY_ROTATION_OVERDUE: older than rotation_max_age_days with no rotation record', () => {
    const report = check([{ pair: a, maxAge: 30 }], [sign(a)], T0 + 31 * DAY);
    expect(report.signatures[0]!.codes).toEqual(['KEY_ROTATION_OVERDUE']);
    expect(check([{ pair: a, maxAge: 30 }], [sign(a)], T0 + 30 * DAY).verdict).toBe('pass');
  });

  it('KEY_SUPERSEDED: a valid rotation record signed by both keys retires the old key; the new one signs', () => {
    const record = {
      old_key_id: keyIdOf(a.publicKey),
      new_key_id: keyIdOf(b.publicKey),
      rotated_at: T0 + 20 * DAY,
      reason: 'scheduled',
    };
    const signed = [
      signRotation(record, { key_id: record.old_key_id, privateKey: a.privateKey }),
      signRotation(record, { key_id: record.new_key_id, privateKey: b.privateKey }),
    ];
    const rotations = [
      {
        ...record,
        rotated_at: utc(record.rotated_at),
        signatures: signed.map((s) => ({ key_id: s.key_id, signature: toHex(s.signature) })),
      },
    ];
    const keys = [
      { pair: a, maxAge: 30 },
      { pair: b, from: T0 + 20 * DAY, maxAge: 30 },
    ];
    expect(check(keys, [sign(a)], T0 + 25 * DAY, { rotations }).signatures[0]!.codes).toEqual(['KEY_SUPERSEDED']);
    expect(check(keys, [sign(a)], T0 + 10 * DAY, { rotations }).verdict).toBe('pass');
    expect(check(keys, [sign(b)], T0 + 40 * DAY, { rotations }).verdict).toBe('pass');
  });

  it('ROTATION_RECORD_INVALID cases: one signer only, a bad signature, an unknown key', () => {
    const record = { old_key_id: keyIdOf(a.publicKey), new_key_id: keyIdOf(b.publicKey), rotated_at: T0, reason: 'r' };
    const byA = signRotation(record, { key_id: record.old_key_id, privateKey: a.privateKey });
    const byB = signRotation(record, { key_id: record.new_key_id, privateKey: b.privateKey });
    const trust = store([{ pair: a }, { pair: b }]);
    expect(rotationProblem({ ...record, signatures: [byA, byA] }, trust)).toBe('is not signed by both keys');
    expect(rotationProblem({ ...record, signatures: [byA, { ...byB, signature: byA.signature }] }, trust)).toMatch(
      /invalid signature/,
    );
    expect(rotationProblem({ ...record, new_key_id: keyIdOf(c.publicKey), signatures: [byA, byB] }, trust)).toMatch(
      /not in the trust store/,
    );
    expect(rotationProblem({ ...record, signatures: [byA, byB] }, trust)).toBeUndefined();
    expect(rotationPayload(record)).toMatchObject({
      rotation_version: 'rollgate.key-rotation/v1',
      rotated_at: '2026-01-01T00:00:00Z',
    });
  });

  it('SIGNATURE_INVALID: a changed payload, and any single flipped byte of the signature', () => {
    expect(
      check([{ pair: a }], [sign(a)], T0 + DAY, {}, noRevocations, { ...payload, release_id: 'r2' }).signatures[0]!
        .codes,
    ).toEqual(['SIGNATURE_INVALID']);
    const good = sign(a);
    for (let i = 0; i < 64; i++) {
      const bad = Uint8Array.from(good.signature);
      bad[i] = bad[i]! ^ 1;
      expect(check([{ pair: a }], [{ ...good, signature: bad }]).signatures[0]!.codes).toEqual(['SIGNATURE_INVALID']);
    }
  });

  it('SIGNATURE_THRESHOLD_NOT_MET: k of n distinct keys, a key signing twice counts once (SIGNER_DUPLICATE)', () => {
    const keys = [{ pair: a }, { pair: b }, { pair: c }];
    const thresholds = { release: 2, certificate: 1 };
    expect(check(keys, [sign(a), sign(b)], T0 + DAY, { thresholds }).verdict).toBe('pass');
    const one = check(keys, [sign(a)], T0 + DAY, { thresholds });
    expect(one.codes).toEqual(['SIGNATURE_THRESHOLD_NOT_MET']);
    const twice = check(keys, [sign(a), sign(a)], T0 + DAY, { thresholds });
    expect(twice.verdict).toBe('fail');
    expect(twice.signatures.map((s) => s.codes)).toEqual([[], ['SIGNER_DUPLICATE']]);
    expect(() => assertSignaturesPass(twice, 'release')).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_THRESHOLD_NOT_MET' }),
    );
  });

  it('PAYLOAD_TYPE_MISMATCH: a signature over another kind of payload never verifies as this one', () => {
    const other = { certificate_version: 'rollgate.execution-certificate/v1', release_id: 'r1' };
    const report = check([{ pair: a }], [sign(a, other)], T0 + DAY, {}, noRevocations, other);
    expect(report.codes).toEqual(['PAYLOAD_TYPE_MISMATCH']);
    expect(() => assertSignaturesPass(report, 'release')).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TYPE_MISMATCH' }),
    );
  });

  it('lists every reason a signature did not count', () => {
    const report = check([{ pair: a, roles: ['certificate'], to: T0 }], [sign(a, { ...payload, release_id: 'x' })]);
    expect(report.signatures[0]!.codes).toEqual(['KEY_WRONG_ROLE', 'KEY_OUTSIDE_WINDOW', 'SIGNATURE_INVALID']);
  });
});

describe('parseTrustStore', () => {
  const a = generateKeyPair();
  const base = {
    trust_store_version: 'rollgate.trust-store/v1',
    keys: [
      {
        key_id: keyIdOf(a.publicKey),
        public_key: toHex(a.publicKey),
        roles: ['release'],
        not_before: '2026-01-01T00:00:00Z',
        not_after: '2027-01-01T00:00:00Z',
      },
    ],
  };
  const parse = (doc: unknown) =>
    parseTrustStore(new TextEncoder().encode(typeof doc === 'string' ? doc : JSON.stringify(doc)), 'trust.json');

  it('applies schema defaults and pins the bytes', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(base));
    const parsed = parseTrustStore(bytes, 'trust.json');
    expect(parsed.thresholds).toEqual({ release: 1, certificate: 1 });
    expect(parsed.keys.get(keyIdOf(a.publicKey))!.rotation_max_age_days).toBe(365);
    expect(parsed.trust_store_hash).toEqual(sha256(bytes));
    expect(() => assertPinned(bytes, sha256(bytes), 'TRUST_STORE_HASH_MISMATCH', 'trust.json')).not.toThrow();
    expect(() => assertPinned(bytes, new Uint8Array(32), 'TRUST_STORE_HASH_MISMATCH', 'trust.json')).toThrow(
      expect.objectContaining({ code: 'TRUST_STORE_HASH_MISMATCH' }),
    );
    expect(() => assertPinned(bytes, new Uint8Array(32), 'REVOCATION_BUNDLE_HASH_MISMATCH', 'rev.json')).toThrow(
      expect.objectContaining({ code: 'REVOCATION_BUNDLE_HASH_MISMATCH' }),
    );
  });

  it.each([
    [
      'a key_id that does not match its key',
      { ...base, keys: [{ ...base.keys[0], key_id: `ed25519:${'0'.repeat(32)}` }] },
      /does not match its public key/,
    ],
    ['a key listed twice', { ...base, keys: [base.keys[0], base.keys[0]] }, /listed twice/],
    [
      'not_after before not_before',
      { ...base, keys: [{ ...base.keys[0], not_after: '2025-01-01T00:00:00Z' }] },
      /not_after is before not_before/,
    ],
    ['an unknown field', { ...base, extra: 1 }, /\/extra: is not a known field/],
    ['bad JSON', '{"keys": [', /trust.json is not valid JSON/],
  ])('refuses %s with TRUST_STORE_INVALID', (_what, doc, message) => {
    expect(() => parse(doc)).toThrow(
      expect.objectContaining({ code: 'TRUST_STORE_INVALID', message: expect.stringMatching(message) as string }),
    );
  });

  it('lists every schema problem, not only the first', () => {
    const doc = { ...base, keys: [{ ...base.keys[0], roles: ['admin'], rotation_max_age_days: 0 }] };
    try {
      parse(doc);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/\/keys\/0\/roles\/0/);
      expect((error as Error).message).toMatch(/\/keys\/0\/rotation_max_age_days/);
    }
  });
});
