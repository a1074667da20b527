// SHA-256 against the NIST CAVP byte-oriented short and long message files (vendored: US
// Government work), one-shot and streamed in uneven chunks.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestStream, fromHex, sha256, toHex } from '../../src/core/index.js';
import { vendoredVectors } from '../helpers/vectors.js';

interface Vector {
  readonly bits: number;
  readonly msg: Uint8Array;
  readonly md: string;
}

function parseRsp(name: string): Vector[] {
  const text = readFileSync(resolve(vendoredVectors, 'sha256', name), 'utf8');
  const vectors: Vector[] = [];
  const re = /Len = (\d+)\s+Msg = ([0-9a-f]+)\s+MD = ([0-9a-f]{64})/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const bits = Number(m[1]);
    // Len = 0 is the empty message, written as Msg = 00.
    vectors.push({ bits, msg: bits === 0 ? new Uint8Array(0) : fromHex(m[2]!), md: m[3]! });
  }
  return vectors;
}

describe.each([
  ['SHA256ShortMsg.rsp', 65],
  ['SHA256LongMsg.rsp', 64],
] as const)('%s', (name, count) => {
  const vectors = parseRsp(name);
  it(`has ${count} vectors of whole bytes`, () => {
    expect(vectors).toHaveLength(count);
    expect(vectors.every((v) => v.bits === v.msg.length * 8)).toBe(true);
  });
  it('sha256 equals MD for every vector', () => {
    expect(vectors.filter((v) => toHex(sha256(v.msg)) !== v.md).map((v) => v.bits)).toEqual([]);
  });
  it('digestStream equals MD with the message split into uneven chunks', async () => {
    for (const [i, v] of vectors.entries()) {
      const chunks: Uint8Array[] = [];
      for (let at = 0, step = 1 + (i % 7); at < v.msg.length; at += step, step = step * 3 + 1)
        chunks.push(v.msg.subarray(at, at + step));
      const { digest, size } = await digestStream(Readable.from(chunks));
      expect([toHex(digest), size]).toEqual([v.md, v.msg.length]);
    }
  });
});
