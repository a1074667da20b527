// Byte helpers shared by the core: hex and base64 text forms, concatenation and a
// constant-time comparison. Guards throw TypeError for a wrong type and RangeError for a
// wrong length or alphabet, in the style of @noble/hashes.

const HEX_RE = /^(?:[0-9a-f]{2})*$/;

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

export function assertBytes(value: unknown, length?: number, what = 'value'): Uint8Array {
  if (!isBytes(value)) throw new TypeError(`${what} must be a Uint8Array`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${what} must be ${length} bytes, got ${value.length}`);
  }
  return value;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(assertBytes(bytes).buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Lowercase hex only: one spelling per value keeps text forms canonical. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError('hex must be a string');
  if (!HEX_RE.test(hex)) throw new RangeError('hex must be an even number of lowercase hex digits');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(assertBytes(bytes).buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('base64 must be a string');
  if (!BASE64_RE.test(text)) throw new RangeError('not canonical padded base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += assertBytes(part).length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Constant time in the length of the inputs, so comparing a secret leaks no prefix. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a);
  assertBytes(b);
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Throws TypeError on invalid UTF-8 instead of substituting U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}
