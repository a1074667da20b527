// CBOR_CANONICAL (DESIGN 4.1): RFC 8949 §4.2.1 core deterministic encoding with the spec
// family's typed floats. Floats are never sniffed from a value: a float field is marked with
// f64() and always encoded as binary64, so a hash does not change on the day a value happens
// to be integral. cborg does the byte work; this module decides what is allowed.
import { Token, Tokenizer, Type, decode, encode, rfc8949EncodeOptions } from 'cborg';
import type { DecodeOptions, EncodeOptions, TypeEncoder } from 'cborg';
import { equalBytes, fromUtf8, isBytes } from './bytes.js';
import { RollgateError } from './errors.js';

/** A number declared as a float field: encoded as binary64 (0xfb) whatever its value. */
export class F64 {
  readonly value: number;
  constructor(value: number) {
    if (typeof value !== 'number') throw new TypeError('f64() takes a number');
    this.value = value;
  }
}

export function f64(value: number): F64 {
  return new F64(value);
}

export function isF64(value: unknown): value is F64 {
  return value instanceof F64;
}

/** A value that encodeCanonical accepts (and decodeCanonical returns). */
export type CborValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | F64
  | readonly CborValue[]
  | { readonly [key: string]: CborValue }
  | ReadonlyMap<string, CborValue>;

const UINT64_MAX = (1n << 64n) - 1n;
const NEGINT64_MIN = -(1n << 64n);
// A nesting bound keeps hostile input from exhausting the stack; no rollgate object is deep.
const MAX_DEPTH = 256;

function invalid(message: string): never {
  throw new RollgateError('CBOR_ENCODE_INVALID', `cannot encode canonically: ${message}`);
}

function refuseFloat(value: number): void {
  if (!Number.isFinite(value)) invalid(`${value} is not allowed in hashed data (0.K)`);
}

const typeEncoders: Record<string, TypeEncoder> = {
  number(value: unknown) {
    const n = value as number;
    refuseFloat(n);
    if (!Number.isInteger(n)) invalid(`${n} is not an integer; mark float fields with f64()`);
    if (!Number.isSafeInteger(n)) invalid(`${n} is beyond 2^53; pass it as a BigInt`);
    // -0 is the integer 0: integers have no sign of zero.
    return n >= 0 ? new Token(Type.uint, n === 0 ? 0 : n) : new Token(Type.negint, n);
  },
  bigint(value: unknown) {
    const n = value as bigint;
    if (n > UINT64_MAX || n < NEGINT64_MIN) invalid(`${n} is outside the 64-bit CBOR range`);
    // Within the safe range a BigInt and a number are the same integer, and cborg's integer
    // encoders take a number there.
    if (n >= -(2n ** 53n) + 1n && n <= 2n ** 53n - 1n) {
      return typeEncoders.number!(Number(n), 'number', {}, undefined);
    }
    return n >= 0n ? new Token(Type.uint, n) : new Token(Type.negint, n);
  },
  undefined() {
    return invalid('undefined is not a value; omit an absent optional field');
  },
  Object(value: unknown) {
    if (value instanceof F64) {
      refuseFloat(value.value);
      return new Token(Type.float, value.value);
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      invalid(`unsupported object type ${Object.prototype.toString.call(value)}`);
    }
    return null;
  },
  Map(value: unknown) {
    for (const key of (value as Map<unknown, unknown>).keys()) {
      if (typeof key !== 'string') invalid('map keys must be text');
    }
    return null;
  },
};
for (const name of [
  'symbol',
  'Function',
  'Date',
  'RegExp',
  'Set',
  'Error',
  'Promise',
  'URL',
  'DataView',
  'ArrayBuffer',
]) {
  typeEncoders[name] = () => invalid(`unsupported type ${name}`);
}

type MapSorter = NonNullable<EncodeOptions['mapSorter']>;
const rfc8949MapSorter = rfc8949EncodeOptions.mapSorter as MapSorter;
const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * RFC 8949 core deterministic order compares the encoded keys bytewise. For text keys that is
 * the UTF-8 length first (the header grows with it), then the bytes; for ASCII the bytes are the
 * code units, so two strings compare without encoding either. Every other pair goes to cborg's
 * sorter. This keeps maps of ASCII keys (all of rollgate's records) from encoding each key
 * once per comparison.
 */
const textKeySorter: MapSorter = (e1, e2, options) => {
  const k1 = e1[0];
  const k2 = e2[0];
  if (k1 instanceof Token && k2 instanceof Token) {
    const a: unknown = k1.value;
    const b: unknown = k2.value;
    if (typeof a === 'string' && typeof b === 'string' && !NON_ASCII.test(a) && !NON_ASCII.test(b)) {
      if (a.length !== b.length) return a.length - b.length;
      return a < b ? -1 : a > b ? 1 : 0;
    }
  }
  return rfc8949MapSorter(e1, e2, options);
};

const encodeOptions: EncodeOptions = {
  ...rfc8949EncodeOptions,
  mapSorter: textKeySorter,
  float64: true,
  typeEncoders,
};

function checkDepth(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) invalid(`nesting deeper than ${MAX_DEPTH}`);
  if (value === null || typeof value !== 'object' || isBytes(value) || value instanceof F64) return;
  if (Array.isArray(value)) {
    for (const child of value) checkDepth(child, depth + 1);
  } else if (value instanceof Map) {
    for (const child of value.values()) checkDepth(child, depth + 1);
  } else {
    for (const key in value) checkDepth((value as Record<string, unknown>)[key], depth + 1);
  }
}

export function encodeCanonical(value: unknown): Uint8Array {
  checkDepth(value, 0);
  try {
    return encode(value, encodeOptions);
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    return invalid(error instanceof Error ? error.message : String(error));
  }
}

const decodeOptions: DecodeOptions = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: true,
  rejectDuplicateMapKeys: true,
  retainStringBytes: true,
  useMaps: false,
  tags: [],
};

/**
 * Wraps cborg's tokenizer so floats come back as F64 (keeping the float/integer distinction
 * that the hash depends on), only binary64 floats are accepted, and nesting is bounded.
 */
class CanonicalTokenizer extends Tokenizer {
  private readonly open: number[] = [];

  override next(): Token {
    const token = super.next();
    while (this.open.length > 0 && this.open[this.open.length - 1] === 0) {
      this.open.pop();
    }
    if (this.open.length > 0) this.open[this.open.length - 1]! -= 1;
    if (Type.equals(token.type, Type.float)) {
      if (token.encodedLength !== 9) {
        throw new RollgateError('CBOR_NONCANONICAL', 'float not encoded as binary64');
      }
      token.value = new F64(token.value as number);
    } else if (Type.equals(token.type, Type.bytes)) {
      // A plain Uint8Array copy, never a Buffer view into the input.
      token.value = Uint8Array.from(token.value as Uint8Array);
    } else if (Type.equals(token.type, Type.string)) {
      // cborg substitutes U+FFFD for invalid UTF-8; decoding the raw bytes fatally refuses it.
      try {
        fromUtf8(token.byteValue!);
      } catch {
        throw new RollgateError('CBOR_DECODE_INVALID', 'text string is not valid UTF-8');
      }
    } else if (Type.equals(token.type, Type.array) || Type.equals(token.type, Type.map)) {
      const items = (token.value as number) * (Type.equals(token.type, Type.map) ? 2 : 1);
      if (items > 0) this.open.push(items);
      if (this.open.length > MAX_DEPTH) {
        throw new RollgateError('CBOR_DECODE_INVALID', `nesting deeper than ${MAX_DEPTH}`);
      }
    }
    return token;
  }
}

/**
 * Strict decoding of anything hashed: refuses non-shortest forms, indefinite lengths,
 * duplicate or unsorted keys, tags, invalid UTF-8 and trailing bytes, so that
 * encodeCanonical(decodeCanonical(b)) equals b.
 */
export function decodeCanonical(bytes: Uint8Array): CborValue {
  if (!isBytes(bytes)) throw new TypeError('decodeCanonical takes a Uint8Array');
  let value: CborValue;
  try {
    value = decode(bytes, { ...decodeOptions, tokenizer: new CanonicalTokenizer(bytes, decodeOptions) }) as CborValue;
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    throw new RollgateError('CBOR_DECODE_INVALID', `not well-formed canonical CBOR: ${messageOf(error)}`, {
      cause: error,
    });
  }
  // One encoding per value: whatever survived the strict decoder must re-encode to the same
  // bytes, which also catches unsorted map keys and replaced invalid UTF-8.
  let again: Uint8Array;
  try {
    again = encodeCanonical(value);
  } catch (error) {
    throw new RollgateError('CBOR_DECODE_INVALID', `decoded value is outside the profile: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (!equalBytes(again, bytes)) {
    throw new RollgateError('CBOR_NONCANONICAL', 'CBOR is not in canonical form (key order, lengths or text encoding)');
  }
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
