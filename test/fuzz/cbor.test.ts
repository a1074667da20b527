// CBOR_CANONICAL at fuzz scale (test/core/cbor-properties.test.ts holds the base properties at
// FC_RUNS): the round trip over objects, Maps and nesting at the 256 bound (encoding refuses
// exactly the values nested too deep, and what it encodes decodes back), and hostile bytes
// built from CBOR headers, so that most inputs get past the first byte: every accepted input is
// the canonical encoding of what it decodes to.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F64, decodeCanonical, encodeCanonical } from '../../src/core/cbor.js';
import { toHex } from '../../src/core/bytes.js';
import { settle } from '../adversarial/harness.js';
import { CBOR_VALUE, decodedForm } from './cbor-values.js';
import { encodeOrNull } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';

const MAX_DEPTH = 256;

/** The depth of the deepest value, the root at 0 (as the encoder counts). */
function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array || v instanceof F64) return 0;
  const children = Array.isArray(v)
    ? v
    : v instanceof Map
      ? [...(v as Map<string, unknown>).values()]
      : Object.values(v);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depthOf(child)), -1);
}

/** A CBOR head: major type, additional info, and argument bytes as wide as the info says. */
const HEAD = fc
  .tuple(fc.nat(7), fc.nat(31), fc.oneof(fc.nat(40), fc.nat(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })))
  .map(([major, info, argument]) => {
    const width = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    const bytes = [(major << 5) | info];
    let rest = BigInt(argument);
    const arg: number[] = [];
    for (let i = 0; i < width; i++, rest >>= 8n) arg.unshift(Number(rest & 0xffn));
    return Uint8Array.from([...bytes, ...arg]);
  });
const CHUNK = fc.oneof({ weight: 3, arbitrary: HEAD }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 6 }) });
const concat = (parts: readonly Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/** Header soup, and one valid encoding spliced into another. */
const HOSTILE_BYTES = fc.oneof(
  fc.array(CHUNK, { minLength: 1, maxLength: 16 }).map(concat),
  fc.tuple(CBOR_VALUE, CBOR_VALUE, fc.nat(), fc.nat(8)).map(([a, b, at, cut]) => {
    const [x, y] = [encodeOrNull(a), encodeOrNull(b)];
    const i = at % (x.length + 1);
    return concat([x.subarray(0, i), y, x.subarray(Math.min(x.length, i + cut))]);
  }),
);

describe('canonical CBOR', () => {
  it('decode(encode(x)) is x, encoding is deterministic, and only values nested past 256 are refused', async () => {
    await fuzz('cbor/round-trip', CBOR_VALUE, async (x) => {
      const outcome = await settle(() => encodeCanonical(x), ['CBOR_ENCODE_INVALID']);
      expect(outcome.ok).toBe(depthOf(x) <= MAX_DEPTH);
      if (!outcome.ok) return false;
      const bytes = outcome.value;
      const back = decodeCanonical(bytes);
      expect(back).toEqual(decodedForm(x));
      expect(toHex(encodeCanonical(x))).toBe(toHex(bytes));
      expect(toHex(encodeCanonical(back))).toBe(toHex(bytes));
      return true;
    });
  });

  it('hostile bytes decode to a value whose encoding they are, or are refused with a CBOR code', async () => {
    await fuzz('cbor/hostile-bytes', HOSTILE_BYTES, async (bytes) => {
      const outcome = await settle(() => decodeCanonical(bytes), ['CBOR_DECODE_INVALID', 'CBOR_NONCANONICAL']);
      if (outcome.ok) expect(toHex(encodeCanonical(outcome.value))).toBe(toHex(bytes));
      return outcome.ok;
    });
  });
});
