// Values CBOR_CANONICAL accepts, for round trips: every leaf kind (integers across the 64-bit
// range, text of any code point, bytes, typed floats), objects and Maps with keys in any
// insertion order, and chains of containers that reach the nesting bound of 256.
import fc from 'fast-check';
import { F64, f64 } from '../../src/core/cbor.js';

const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.uint8Array({ maxLength: 40 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(f64),
);

const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('map')),
  array: fc.array(tie('node'), { maxLength: 5 }),
  object: fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('node'), { maxKeys: 5 }),
  map: fc
    .uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), tie('node')), { maxLength: 5, selector: ([k]) => k })
    .map((entries) => new Map(entries)),
})).node;

/** `depth` containers around `inner`, each an array, an object or a Map by `kinds`. */
function nestIn(inner: unknown, depth: number, kinds: readonly number[]): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) {
    const kind = kinds[i % kinds.length]!;
    value = kind === 0 ? [value] : kind === 1 ? { k: value } : new Map([['k', value]]);
  }
  return value;
}

/** Nesting 250 to 260 deep, around a leaf or an empty container (the bound counts either way). */
export const DEEP_VALUE = fc
  .tuple(
    fc.oneof(leaf, fc.constant([]), fc.constant({})),
    fc.integer({ min: 250, max: 260 }),
    fc.array(fc.nat(2), { minLength: 1, maxLength: 4 }),
  )
  .map(([inner, depth, kinds]) => nestIn(inner, depth, kinds));

export const CBOR_VALUE = fc.oneof({ weight: 9, arbitrary: tree }, { weight: 1, arbitrary: DEEP_VALUE });

/** What decoding gives back for a value: safe-range BigInts as numbers, -0 as 0, Maps as objects. */
export function decodedForm(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
  if (Object.is(v, -0)) return 0;
  if (v instanceof F64 || v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodedForm);
  const entries = v instanceof Map ? [...(v as Map<string, unknown>)] : Object.entries(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of entries)
    Object.defineProperty(out, k, { value: decodedForm(x), enumerable: true, writable: true, configurable: true });
  return out;
}
