// The evidence reader toolkit: one schema over decoded canonical CBOR (typed floats, 32-byte
// digests, exact fields), one decode giving the typed value or EVIDENCE_INVALID naming the kind,
// the id, the digest and each problem's path; a kind may carry its own code.
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { encodeCanonical, f64 } from '../../src/core/cbor.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { Count, Digest32, evidenceReader, Exact, Float64, OneOf } from '../../src/core/evidence-reader.js';

const reader = evidenceReader(
  'sample',
  Exact({ rate: Float64, hash: Digest32, n: Count, kind: OneOf(['a', 'b']), tags: Type.Array(Type.String()) }),
  { refine: (v) => (v.n > v.tags.length ? [{ path: '/n', message: 'more than the tags' }] : []) },
);
const GOOD = { rate: f64(1), hash: new Uint8Array(32), n: 1, kind: 'a', tags: ['x'] };

describe('evidenceReader', () => {
  it('reads what its writer encoded, floats as F64', () => {
    const value = reader.read(encodeCanonical(GOOD), { object_id: 'one' });
    expect(value.rate.value).toBe(1);
    expect(value).toEqual(GOOD);
  });

  it.each([
    ['an integer where a float is declared', { ...GOOD, rate: 1 }, '/rate'],
    ['a digest of 31 bytes', { ...GOOD, hash: new Uint8Array(31) }, '/hash'],
    ['a negative count', { ...GOOD, n: -1 }, '/n'],
    ['a text outside its set', { ...GOOD, kind: 'c' }, '/kind'],
    ['a field its writer never writes', { ...GOOD, extra: true }, '/extra'],
    ['a missing field', { rate: f64(1), hash: new Uint8Array(32), n: 1, kind: 'a' }, '/tags'],
    ['a rule across fields', { ...GOOD, n: 2 }, '/n'],
  ])('refuses %s with EVIDENCE_INVALID naming the path', (_what, value, path) => {
    const bytes = encodeCanonical(value);
    const result = reader.decode(bytes, { object_id: 'one' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('EVIDENCE_INVALID');
    expect(result.error.message).toContain(`sample "one" (${formatDigest(sha256(bytes))}) is not a valid sample`);
    expect(result.error.message).toContain(`${path}:`);
    expect(result.error.diagnostics).toMatchObject({ object_type: 'sample', object_id: 'one' });
  });

  it('refuses bytes that are not canonical CBOR, and an entry naming another kind', () => {
    const noncanonical = Uint8Array.from([0x18, 0x01]); // 1 in two bytes
    expect(() => reader.read(noncanonical, { object_id: 'x' })).toThrow(
      /\/: not canonical CBOR \(CBOR_(NONCANONICAL|DECODE_INVALID)/,
    );
    const wrongType = reader.decode(encodeCanonical(GOOD), { object_type: 'other', object_id: 'x' });
    expect(!wrongType.ok && wrongType.error.message).toContain('the entry names a other, read as a sample');
  });

  it('uses the digest the entry names, and a code of the kind when it has one', () => {
    const own = evidenceReader('own', Exact({ n: Count }), { code: 'CHECKPOINT_INVALID' });
    const digest = new Uint8Array(32).fill(9);
    const result = own.decode(encodeCanonical({ n: 'x' }), { object_id: 'c', digest });
    expect(!result.ok && result.error.code).toBe('CHECKPOINT_INVALID');
    expect(!result.ok && result.error.message).toContain(formatDigest(digest));
  });
});
