// The check values of DESIGN 4.2, byte for byte, and the hash helpers around them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertTraceTail,
  digestFile,
  encodeCanonical,
  f64,
  formatDigest,
  formatUtc,
  objectDigest,
  parseDigest,
  parseUtc,
  replayToken,
  sha256,
  taggedHash,
  toHex,
  traceHead,
  traceNext,
  traceTail,
  type TraceRecord,
} from '../../src/core/index.js';

const bytes = (n: number) => new Uint8Array(32).fill(n);

describe('DESIGN 4.2 check values', () => {
  it('CBOR_CANONICAL(["trace_chain_v1", []]) and its SHA-256', () => {
    expect(toHex(encodeCanonical(['trace_chain_v1', []]))).toBe('826e74726163655f636861696e5f763180');
    expect(toHex(traceHead())).toBe('882b5851e1a6c9de1b44ee807ebf8fb74ce5bbcf1a851cba9ec84bfc5ec42e98');
  });
  it('H("deps_lock_v1", 32×0x11, 32×0x22, 32×0x33)', () => {
    expect(toHex(taggedHash('deps_lock_v1', bytes(0x11), bytes(0x22), bytes(0x33)))).toBe(
      'e985efa144f4579c3e8cafa0b048b23a7551f10f4b23d4635072f9cdfaadc42b',
    );
  });
  it('H("toolchain_v1", "3.12.7", "24.2", "uv 0.5.1")', () => {
    expect(toHex(taggedHash('toolchain_v1', '3.12.7', '24.2', 'uv 0.5.1'))).toBe(
      '50735406a274d31c421a5b4dcfd4d07611de3f4745a0745c8d81348df5245908',
    );
  });
  it('float field 0.005 → fb3f747ae147ae147b, and 1.0 stays binary64', () => {
    expect(toHex(encodeCanonical(f64(0.005)))).toBe('fb3f747ae147ae147b');
    expect(toHex(encodeCanonical(f64(1)))).toBe('fb3ff0000000000000');
  });
  it('ObjectDigest is the SHA-256 of the canonical encoding, with no tag', () => {
    expect(objectDigest({ b: 1, a: 2 })).toEqual(sha256(encodeCanonical({ a: 2, b: 1 })));
  });
});

describe('digest text form', () => {
  it('round-trips and refuses anything but sha256:<64 lowercase hex>', () => {
    const d = sha256(new Uint8Array([1]));
    expect(parseDigest(formatDigest(d))).toEqual(d);
    for (const bad of [
      `SHA256:${'a'.repeat(64)}`,
      `sha256:${'A'.repeat(64)}`,
      `sha256:${'a'.repeat(63)}`,
      'a'.repeat(64),
      '',
    ]) {
      expect(() => parseDigest(bad)).toThrow(expect.objectContaining({ code: 'DIGEST_FORMAT_INVALID' }));
    }
  });
  it('digestFile streams a file to its SHA-256 and size; a missing file is FILE_NOT_FOUND', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rollgate-digest-')), 'f');
    writeFileSync(path, 'x'.repeat(3_000_000));
    expect(await digestFile(path)).toEqual({
      digest: sha256(new TextEncoder().encode('x'.repeat(3_000_000))),
      size: 3_000_000,
    });
    await expect(digestFile(`${path}.missing`)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('trace chain', () => {
  const token = bytes(9);
  const records: TraceRecord[] = [0, 1, 2].map((t) => ({
    record_type: t === 0 ? 'run_header' : 'iter',
    t,
    replay_token: token,
    stage: `s${t}`,
  }));
  it('traceTail folds traceNext over the records from traceHead', () => {
    let h = traceHead();
    for (const r of records) h = traceNext(h, r);
    expect(traceTail(records)).toEqual(h);
    expect(() => assertTraceTail(records, h)).not.toThrow();
  });
  it('changing, dropping or reordering any record changes the tail (TRACE_CHAIN_BROKEN)', () => {
    const tail = traceTail(records);
    const variants = [
      [records[0]!, { ...records[1]!, stage: 'x' }, records[2]!],
      [records[0]!, records[2]!],
      [records[1]!, records[0]!, records[2]!],
    ];
    for (const v of variants)
      expect(() => assertTraceTail(v, tail)).toThrow(expect.objectContaining({ code: 'TRACE_CHAIN_BROKEN' }));
  });
});

describe('replay token', () => {
  const inputs = {
    spec_version: 'UML_OS.Implementation.DeploymentRunbook_v1',
    policy_bundle_hash: bytes(1),
    runtime_env_hash: bytes(2),
    operator_contracts_root_hash: bytes(3),
    determinism_profile_hash: bytes(4),
    inputs_hash: bytes(5),
  };
  it('is H("replay_token_v1", spec_version, the five hashes) and changes with any input', () => {
    expect(replayToken(inputs)).toEqual(
      taggedHash('replay_token_v1', inputs.spec_version, bytes(1), bytes(2), bytes(3), bytes(4), bytes(5)),
    );
    for (const key of Object.keys(inputs) as Array<keyof typeof inputs>) {
      const changed = { ...inputs, [key]: key === 'spec_version' ? 'other' : bytes(99) };
      expect(replayToken(changed)).not.toEqual(replayToken(inputs));
    }
  });
  it('refuses a hash of the wrong length', () => {
    expect(() => replayToken({ ...inputs, inputs_hash: new Uint8Array(31) })).toThrow(RangeError);
  });
});

describe('UTC time text', () => {
  it('round-trips the canonical form and refuses everything else', () => {
    expect(formatUtc(parseUtc('2026-11-24T00:00:00Z'))).toBe('2026-11-24T00:00:00Z');
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2026-01-01T00:00:00.000Z',
      '2026-01-01 00:00:00Z',
      '2026-01-01T00:00:00+00:00',
    ]) {
      expect(() => parseUtc(bad)).toThrow(expect.objectContaining({ code: 'TIME_FORMAT_INVALID' }));
    }
  });
});

describe('trace link fast path', () => {
  it('traceNextDigest equals SHA-256 of the encoder output for random digests', async () => {
    const { traceNextDigest } = await import('../../src/core/trace.js');
    const { randomBytes } = await import('node:crypto');
    for (let i = 0; i < 200; i++) {
      const a = new Uint8Array(randomBytes(32));
      const b = new Uint8Array(randomBytes(32));
      expect(traceNextDigest(a, b)).toEqual(sha256(encodeCanonical(['trace_chain_v1', [a, b]])));
    }
  });
});
