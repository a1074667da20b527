// Hostile variants of a valid document, both structure-aware (a mutated tree, then encoded, so
// it gets past the syntax) and raw (text or byte edits of the valid encoding, for what no tree
// can express: truncation, duplicate keys, 1e400, a flipped header byte).
import fc from 'fast-check';
import { encodeCanonical } from '../../src/core/cbor.js';
import { mutateText } from './text-mutations.js';
import { CBOR_LEAF, JSON_LEAF, mutateTree } from './tree-mutations.js';

export function jsonDocuments(sample: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: mutateTree(sample, JSON_LEAF).map((tree) => JSON.stringify(tree) ?? '') },
    { weight: 1, arbitrary: mutateText(JSON.stringify(sample, null, 2)) },
  );
}

/** The canonical encoding, or a lone CBOR null for a tree the encoder refuses (nested too deep). */
export function encodeOrNull(value: unknown): Uint8Array {
  try {
    return encodeCanonical(value);
  } catch {
    return Uint8Array.of(0xf6);
  }
}

type ByteEdit = (bytes: Uint8Array, at: number, value: number) => Uint8Array;
const BYTE_EDITS: readonly ByteEdit[] = [
  (b, at, value) => b.map((x, i) => (i === at % b.length ? x ^ (1 << (value % 8)) : x)),
  (b, at) => b.slice(0, at % (b.length + 1)),
  (b, at, value) =>
    Uint8Array.from([...b.subarray(0, at % (b.length + 1)), value % 256, ...b.subarray(at % (b.length + 1))]),
  (b, at, value) =>
    Uint8Array.from([...b.subarray(0, at % (b.length + 1)), ...b.subarray((at % (b.length + 1)) + (value % 9))]),
];

/** One to three byte edits: flips, cuts, insertions and deletions. */
export function mutateBytes(sample: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.tuple(fc.nat(BYTE_EDITS.length - 1), fc.nat(), fc.nat());
  return fc
    .array(edit, { minLength: 1, maxLength: 3 })
    .map((edits) => edits.reduce((bytes, [kind, at, value]) => BYTE_EDITS[kind]!(bytes, at, value), sample));
}

export function cborDocuments(sample: unknown): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 3, arbitrary: mutateTree(sample, CBOR_LEAF).map(encodeOrNull) },
    { weight: 1, arbitrary: mutateBytes(encodeCanonical(sample)) },
  );
}
