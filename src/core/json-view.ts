// The JSON view of a hashed object, for reports, outputs and people: 32-byte digests become
// `sha256:<hex>` (DESIGN 4.2), other byte strings hex, typed floats plain numbers, BigInt
// decimal text. Keys keep their order, so the view of a canonical object is deterministic.
import { isBytes, toHex } from './bytes.js';
import { F64 } from './cbor.js';
import { DIGEST_LENGTH, formatDigest } from './digest.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toJsonView(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string')
    return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof F64) return value.value;
  if (isBytes(value)) return value.length === DIGEST_LENGTH ? formatDigest(value) : toHex(value);
  if (Array.isArray(value)) return value.map(toJsonView);
  if (value instanceof Map) {
    return Object.fromEntries([...(value as Map<string, unknown>)].map(([k, v]) => [k, toJsonView(v)]));
  }
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonView(v);
    return out;
  }
  throw new TypeError(`no JSON view for ${typeof value}`);
}

/** Stable pretty JSON with a final newline: the byte form of every JSON file rollgate writes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(toJsonView(value), null, 2)}\n`;
}
