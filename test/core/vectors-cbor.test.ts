// CBOR_CANONICAL against third-party vectors (../shared/vectors/cbor, see its NOTES.md).
// Our profile is RFC 8949 §4.2.1 core deterministic encoding plus the spec family's rules:
// text keys only, no tags, no undefined or simple values beyond false/true/null, integers to
// 64 bits, and every float a typed binary64. So: Appendix A integers, strings, bytes, arrays
// and text-keyed maps must round-trip byte for byte; its shortest-form floats, tags, bignums,
// simple values, non-text-keyed maps and indefinite lengths must be refused by the strict
// decoder with a coded error; and every invalid or non-canonical vector of every set too.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decode } from 'cborg';
import { describe, expect, it } from 'vitest';
import { decodeCanonical, encodeCanonical, f64, fromHex, isF64, isRollgateError, toHex } from '../../src/core/index.js';
import { hasSharedVectors, readJson, sharedVectors } from '../helpers/vectors.js';

const cbor = (name: string) => resolve(sharedVectors, 'cbor', name);

function refused(hex: string): boolean {
  try {
    decodeCanonical(fromHex(hex.toLowerCase()));
    return false;
  } catch (error) {
    if (!isRollgateError(error) || (error.code !== 'CBOR_DECODE_INVALID' && error.code !== 'CBOR_NONCANONICAL'))
      throw error;
    return true;
  }
}

/** Indefinite-length items, told apart by cborg's own decoder (an independent oracle). */
function isIndefinite(hex: string): boolean {
  try {
    decode(fromHex(hex), { allowIndefinite: false, tags: [], allowUndefined: true });
    return false;
  } catch (error) {
    return /indefinite/.test((error as Error).message);
  }
}

interface AppendixItem {
  hex: string;
  decoded?: unknown;
  diagnostic?: string;
}

/** The value an Appendix A item denotes, when it is inside the profile. */
function profileValue(item: AppendixItem, raw: string): { value: unknown } | undefined {
  if (item.hex.startsWith('f9') || item.hex.startsWith('fa')) return undefined; // shortest floats
  if (/^(c[0-9a-f]|d[0-7]|d8)/.test(item.hex)) return undefined; // tags, bignums included
  if (isIndefinite(item.hex)) return undefined;
  if (item.diagnostic !== undefined) {
    if (item.diagnostic.startsWith("h'")) return { value: fromHex(item.diagnostic.slice(2, -1)) };
    return undefined; // undefined, simple(n), NaN/Infinity, non-text keys, indefinite bytes
  }
  if (item.hex.startsWith('fb')) return { value: f64(item.decoded as number) };
  // Integers beyond 2^53 lose precision in JSON: take them from the raw text (NOTES.md).
  const exact = new RegExp(`"hex": "${item.hex}",[^}]*"decoded": (-?\\d+)\\s*\\n`).exec(raw)?.[1];
  if (exact !== undefined) {
    const big = BigInt(exact);
    if (big >= 2n ** 64n || big < -(2n ** 64n)) return undefined;
    return { value: Number.isSafeInteger(Number(big)) ? Number(big) : big };
  }
  return { value: item.decoded };
}

describe.skipIf(!hasSharedVectors)('RFC 8949 Appendix A (appendix_a.json)', () => {
  const raw = hasSharedVectors ? readFileSync(cbor('appendix_a.json'), 'utf8') : '[]';
  const items = JSON.parse(raw) as AppendixItem[];
  const inProfile = items.flatMap((item) => {
    const v = profileValue(item, raw);
    return v ? [{ hex: item.hex, value: v.value }] : [];
  });

  it('has the expected split: in-profile items round-trip, the rest are outside the profile', () => {
    expect(items).toHaveLength(82);
    expect(inProfile).toHaveLength(39);
  });

  it.each(inProfile)('encodes and decodes $hex byte for byte', ({ hex, value }) => {
    expect(toHex(encodeCanonical(value))).toBe(hex);
    const decoded = decodeCanonical(fromHex(hex));
    expect(toHex(encodeCanonical(decoded))).toBe(hex);
    if (hex.startsWith('fb')) expect(isF64(decoded)).toBe(true);
  });

  it('encodes the 64-bit integer range by hex (NOTES.md: compare beyond 2^53 by hex)', () => {
    expect(toHex(encodeCanonical(2n ** 64n - 1n))).toBe('1bffffffffffffffff');
    expect(toHex(encodeCanonical(-(2n ** 64n)))).toBe('3bffffffffffffffff');
    expect(decodeCanonical(fromHex('1bffffffffffffffff'))).toBe(2n ** 64n - 1n);
    expect(decodeCanonical(fromHex('3bffffffffffffffff'))).toBe(-(2n ** 64n));
    for (const big of [2n ** 64n, -(2n ** 64n) - 1n]) {
      expect(() => encodeCanonical(big)).toThrow(expect.objectContaining({ code: 'CBOR_ENCODE_INVALID' }));
    }
  });

  it.each(items.filter((i) => !profileValue(i, raw)))('refuses $hex (outside the profile)', ({ hex }) => {
    expect(refused(hex)).toBe(true);
  });
});

describe.skipIf(!hasSharedVectors)('RFC 8949 §4.2.1 key order (rfc8949-examples.json)', () => {
  const doc = hasSharedVectors
    ? readJson<{ section_4_2_1_core_deterministic_key_order: { keys: Array<{ diagnostic: string; hex: string }> } }>(
        cbor('rfc8949-examples.json'),
      )
    : undefined;
  it('sorts the text keys of the example bytewise, whatever the insertion order (non-text keys are outside the profile)', () => {
    const textKeys = doc!.section_4_2_1_core_deterministic_key_order.keys
      .filter((k) => k.diagnostic.startsWith('"'))
      .map((k) => JSON.parse(k.diagnostic) as string);
    expect(textKeys).toEqual(['z', 'aa']);
    const expected = `a2${textKeys.map((k) => toHex(encodeCanonical(k)) + '00').join('')}`;
    for (const order of [textKeys, [...textKeys].reverse()]) {
      expect(toHex(encodeCanonical(Object.fromEntries(order.map((k) => [k, 0]))))).toBe(expected);
      expect(toHex(encodeCanonical(new Map(order.map((k) => [k, 0]))))).toBe(expected);
    }
    // The same keys out of order are refused by the strict decoder.
    expect(refused('a2626161006' + '17a00')).toBe(true);
  });
});

describe.skipIf(!hasSharedVectors)('invalid and non-canonical sets', () => {
  it('fail.json: all 679 not-well-formed inputs are refused', () => {
    const cases = readJson<Array<{ hex: string }>>(cbor('fail.json'));
    expect(cases).toHaveLength(679);
    expect(cases.filter((c) => !refused(c.hex)).map((c) => c.hex)).toEqual([]);
  });

  it('cbor-core invalid encodings (strict deterministic decoder) are refused', () => {
    const doc = readJson<{ invalid: Array<{ hex: string }> }>(cbor('cbor-core/cbor-core-sample-encodings.json'));
    expect(doc.invalid.length).toBe(12);
    expect(doc.invalid.filter((c) => !refused(c.hex)).map((c) => c.hex)).toEqual([]);
  });

  it('cbor-core integer boundaries encode and decode both ways', () => {
    const doc = readJson<{ integers: Array<{ diagnostic: string; hex: string }> }>(
      cbor('cbor-core/cbor-core-sample-encodings.json'),
    );
    for (const { diagnostic, hex } of doc.integers) {
      const big = BigInt(diagnostic);
      if (big >= 2n ** 64n || big < -(2n ** 64n)) {
        expect(refused(hex)).toBe(true); // bignum tags: outside the profile
        continue;
      }
      const value = Number.isSafeInteger(Number(big)) ? Number(big) : big;
      expect(toHex(encodeCanonical(value))).toBe(hex);
      expect(decodeCanonical(fromHex(hex))).toEqual(value);
    }
  });

  it('dCBOR invalid.json: refused, except the cases dCBOR forbids and our profile allows', () => {
    const cases = readJson<Array<{ hex: string; diagnostic: string }>>(cbor('dcbor/invalid.json'));
    // dCBOR reduces integral floats to integers and wants the shortest float; our float fields
    // are always binary64 (so fb-encoded 12.0, 1.5 and -0.0 are canonical here), NaN and
    // ±Infinity excepted. dCBOR caps integers at 64-bit signed; CBOR's (and our) range is
    // [-2^64, 2^64-1]. dCBOR requires NFC text; our profile does not normalize.
    const allowedHere = (c: { hex: string; diagnostic: string }) =>
      (c.hex.startsWith('fb') && !/Infinity|NaN/.test(c.diagnostic)) || c.hex.startsWith('3b') || c.hex === '6345cc88';
    expect(cases.filter(allowedHere).map((c) => c.hex)).toEqual([
      'fb4028000000000000',
      'fb3ff8000000000000',
      '3b8000000000000000',
      '3bffffffffffffffff',
      'fb8000000000000000',
      '6345cc88',
    ]);
    expect(cases.filter(allowedHere).every((c) => !refused(c.hex))).toBe(true);
    expect(cases.filter((c) => !allowedHere(c) && !refused(c.hex)).map((c) => c.hex)).toEqual([]);
  });

  it('darkyenus vectors: every invalid one, and every valid-but-not-canonical one, is refused', () => {
    const cases = readJson<Array<{ hex: string; flags: string[] }>>(cbor('darkyenus/vectors.json'));
    const mustRefuse = cases.filter((c) => c.flags.includes('invalid') || !c.flags.includes('canonical'));
    expect(mustRefuse.length).toBe(693 + 16);
    expect(mustRefuse.filter((c) => !refused(c.hex)).map((c) => c.hex)).toEqual([]);
  });

  it('darkyenus canonical, non-float vectors inside the profile round-trip; the rest are refused', () => {
    const cases = readJson<Array<{ hex: string; flags: string[] }>>(cbor('darkyenus/vectors.json')).filter((c) =>
      c.flags.includes('canonical'),
    );
    for (const { hex } of cases) {
      const lower = hex.toLowerCase();
      let decoded: unknown;
      try {
        decoded = decodeCanonical(fromHex(lower));
      } catch (error) {
        expect(isRollgateError(error)).toBe(true);
        continue;
      }
      expect(toHex(encodeCanonical(decoded))).toBe(lower);
    }
  });
});
