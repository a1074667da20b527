// Property tests of CBOR_CANONICAL (fast-check): round trip, independence from key order, and
// a decoder that never crashes on hostile bytes, only refuses with a coded error.
// FC_RUNS sets the case count (nightly: 100000).
import { decode as cborgDecode, encode as cborgEncode } from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F64, decodeCanonical, encodeCanonical, f64, fromHex, isRollgateError, toHex } from '../../src/core/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 2000);
const INT64 = fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n });

const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  INT64,
  fc.string({ unit: 'grapheme' }),
  fc.uint8Array({ maxLength: 40 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(f64),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 5 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 5 }),
})).node;

/** What decoding gives back for a value: safe-range BigInts come back as numbers. */
function normalize(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
  if (v instanceof F64 || v instanceof Uint8Array || v === null || typeof v !== 'object')
    return Object.is(v, -0) ? 0 : v;
  if (Array.isArray(v)) return v.map(normalize);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
}

function shuffleKeys(v: unknown, seed: number): unknown {
  if (v === null || typeof v !== 'object' || v instanceof F64 || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i));
  const entries = Object.entries(v).map(([k, x], i) => [k, shuffleKeys(x, seed + i)] as const);
  entries.sort((a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 17 + seed) % 5));
  return seed % 2 === 0 ? Object.fromEntries(entries) : new Map(entries);
}

function coded(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (isRollgateError(error) && (error.code === 'CBOR_DECODE_INVALID' || error.code === 'CBOR_NONCANONICAL'))
      return true;
    throw error;
  }
}

describe('CBOR_CANONICAL properties', () => {
  it('decodeCanonical(encodeCanonical(x)) equals x, and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(value, (x) => {
        const bytes = encodeCanonical(x);
        const back = decodeCanonical(bytes);
        expect(back).toEqual(normalize(x));
        expect(toHex(encodeCanonical(back))).toBe(toHex(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('the encoding does not depend on key insertion order (objects and Maps alike)', () => {
    fc.assert(
      fc.property(value, fc.nat(), (x, seed) => {
        expect(toHex(encodeCanonical(shuffleKeys(x, seed)))).toBe(toHex(encodeCanonical(x)));
      }),
      { numRuns: RUNS },
    );
  });

  it('orders map keys by their encoded bytes (RFC 8949 core deterministic), ASCII or not', () => {
    const key = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 12 }), (keys) => {
        const encodedKey = (k: string) => cborgEncode(k);
        const expected = [...keys].sort((a, b) => Buffer.compare(encodedKey(a), encodedKey(b)));
        const decoded: unknown = cborgDecode(encodeCanonical(Object.fromEntries(keys.map((k) => [k, 0]))), {
          useMaps: true,
        });
        expect([...(decoded as Map<string, number>).keys()]).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('random bytes never crash the decoder: a canonical value or a coded refusal', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(
          coded(() => {
            const v = decodeCanonical(bytes);
            expect(encodeCanonical(v)).toEqual(bytes);
          }),
        ).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('mutated valid encodings (flipped byte, truncation, extra byte) never crash the decoder', () => {
    fc.assert(
      fc.property(value, fc.nat(), fc.integer({ min: 0, max: 2 }), (x, at, kind) => {
        const bytes = encodeCanonical(x);
        const i = at % bytes.length;
        const mutated =
          kind === 0
            ? bytes.map((b, j) => (j === i ? b ^ (1 << (at % 8)) : b))
            : kind === 1
              ? bytes.subarray(0, i)
              : new Uint8Array([...bytes, at % 256]);
        expect(coded(() => decodeCanonical(mutated))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('CBOR_CANONICAL refusals', () => {
  const encodeFails = (v: unknown) =>
    expect(() => encodeCanonical(v)).toThrow(expect.objectContaining({ code: 'CBOR_ENCODE_INVALID' }));
  it('refuses unmarked non-integers, NaN and Infinity (plain and f64), undefined, non-text Map keys, unsafe numbers', () => {
    for (const bad of [
      0.5,
      NaN,
      Infinity,
      -Infinity,
      f64(NaN),
      f64(Infinity),
      undefined,
      { a: undefined },
      new Map([[1, 2]]),
      2 ** 53,
      new Date(0),
      Symbol('x'),
    ])
      encodeFails(bad);
  });
  it('refuses nesting deeper than 256 on encode and decode, with a coded error, not a stack overflow', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 300; i++) deep = [deep];
    encodeFails(deep);
    const bytes = new Uint8Array(301).fill(0x81);
    bytes[300] = 0;
    expect(() => decodeCanonical(bytes)).toThrow(expect.objectContaining({ code: 'CBOR_DECODE_INVALID' }));
  });
  it('refuses a huge declared length quickly (a CBOR bomb)', () => {
    const started = performance.now();
    for (const hex of ['9b00000001000000000000', '5b0000000100000000', '7affffffff', 'bbffffffffffffffff']) {
      expect(() => decodeCanonical(fromHex(hex))).toThrow(expect.objectContaining({ code: 'CBOR_DECODE_INVALID' }));
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('refuses invalid UTF-8 in text', () => {
    expect(() => decodeCanonical(fromHex('62c328'))).toThrow(expect.objectContaining({ code: 'CBOR_DECODE_INVALID' }));
  });
});
