// A minimal ustar writer and reader for regular files, synchronous so that generators can
// rebuild a state bundle from mutated entries (tar-stream is a stream, and arbitraries map
// synchronously). Names fit the 100-byte field: a bundle's longest is 80 bytes.
import { utf8 } from '../../src/core/bytes.js';

export interface TarEntry {
  readonly name: string;
  readonly body: Uint8Array;
}

const BLOCK = 512;
const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
const octal = (n: number, width: number) => utf8(`${n.toString(8).padStart(width - 1, '0')}\0`);

function header(entry: TarEntry): Uint8Array {
  const h = new Uint8Array(BLOCK);
  h.set(utf8(entry.name).subarray(0, 100), 0);
  h.set(octal(0o444, 8), 100);
  h.set(octal(0, 8), 108);
  h.set(octal(0, 8), 116);
  h.set(octal(entry.body.length, 12), 124);
  h.set(octal(0, 12), 136);
  h.set(utf8('        '), 148);
  h.set(utf8('0'), 156);
  h.set(utf8('ustar\u000000'), 257);
  const sum = h.reduce((a, b) => a + b, 0);
  h.set(utf8(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return h;
}

export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const size = entries.reduce((n, e) => n + BLOCK + padded(e.body.length), 2 * BLOCK);
  const out = new Uint8Array(size);
  let at = 0;
  for (const entry of entries) {
    out.set(header(entry), at);
    out.set(entry.body, at + BLOCK);
    at += BLOCK + padded(entry.body.length);
  }
  return out;
}

/** The entries of a well-formed archive this module (or tar-stream, for a bundle) wrote. */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  const text = (from: number, length: number) =>
    Buffer.from(bytes.subarray(from, from + length))
      .toString('latin1')
      .replace(/\0.*$/s, '');
  for (let at = 0; at + BLOCK <= bytes.length && bytes[at] !== 0;) {
    const size = parseInt(text(at + 124, 12), 8);
    entries.push({ name: text(at, 100), body: bytes.slice(at + BLOCK, at + BLOCK + size) });
    at += BLOCK + padded(size);
  }
  return entries;
}
