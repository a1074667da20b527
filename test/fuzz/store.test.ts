// The store's decoders: the write-ahead log (mutated bytes, and records changed then framed
// with a valid CRC), commit pointers, step heads and trace objects (mutants end in their code or
// re-encode to exactly their bytes), and state bundle import with mutated tar bytes or mutated
// objects renamed to their new hash (so they reach the chain check): a refusal leaves the
// receiving store unchanged, an import leaves a chain that verifies.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/core/bytes.js';
import { decodeCanonical, encodeCanonical } from '../../src/core/cbor.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { exportBundle, importBundle } from '../../src/store/bundle.js';
import { COMMIT_VERSION, decodePointer, encodePointer } from '../../src/store/commit-pointer.js';
import { HEAD_VERSION, decodeStepHead, decodeTraceObject, TRACE_VERSION } from '../../src/store/step-head-schema.js';
import { verifyChain } from '../../src/store/step-heads.js';
import {
  ZERO_HASH,
  frameRecord,
  parseWal,
  walRecordHash,
  type WalRecord,
  type WalRecordType,
} from '../../src/store/wal.js';
import { settle, snapshotTree } from '../adversarial/harness.js';
import { buildRun, tempStore } from '../store/fixtures.js';
import { cborDocuments, encodeOrNull, mutateBytes } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';
import { CBOR_LEAF, mutateTree } from './tree-mutations.js';
import { readTar, writeTar, type TarEntry } from './ustar.js';

const digest = (fill: number) => new Uint8Array(32).fill(fill);
const concat = (parts: readonly Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function walRecords(runId: string, steps: ReadonlyArray<[WalRecordType, WalRecord['bound']]>): WalRecord[] {
  const records: WalRecord[] = [];
  for (const [record_type, bound] of steps) {
    const unhashed = {
      run_id: runId,
      wal_seq: records.length,
      record_type,
      prev_record_hash: records.at(-1)?.record_hash ?? ZERO_HASH,
      bound,
    };
    records.push({ ...unhashed, record_hash: walRecordHash(unhashed) });
  }
  return records;
}
const WAL = walRecords('run-1', [
  ['PREPARE', { head_hash: digest(1) }],
  ['CERT_SIGNED', { execution_certificate_hash: digest(2) }],
  ['FINALIZE', { head_hash: digest(1), trace_tail_hash: digest(3) }],
]);
const WAL_BYTES = concat(WAL.map(frameRecord));

/** Raw byte edits, and records changed as trees then framed with a valid CRC. */
const WAL_INPUTS = fc.oneof(
  mutateBytes(WAL_BYTES),
  mutateTree(WAL, CBOR_LEAF).map((records) =>
    concat((Array.isArray(records) ? records : [records]).map((r) => frameRecord(r as WalRecord))),
  ),
);

const POINTER = {
  commit_version: COMMIT_VERSION,
  run_id: 'run-1',
  head_hash: digest(1),
  trace_tail_hash: digest(2),
  checkpoint_hash: null,
  lineage_root_hash: digest(3),
  execution_certificate_hash: digest(4),
  wal_terminal_hash: digest(5),
};
const STEP_HEAD = {
  head_version: HEAD_VERSION,
  run_id: 'run-1',
  step_index: 1,
  operator: 'op_1',
  parent: digest(1),
  trace: digest(2),
  trace_tail_hash: digest(3),
  evidence: [{ object_type: 'report', object_id: 'step-0', digest: digest(4) }],
  checkpoint: null,
};
const TRACE = { trace_version: TRACE_VERSION, run_id: 'run-1', segments: [digest(5), digest(6)] };
const CBOR_CODES = ['CBOR_DECODE_INVALID', 'CBOR_NONCANONICAL'] as const;

const objectName = (hex: string) => `objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`;
const headName = (entries: readonly TarEntry[]) =>
  objectName(
    Buffer.from(entries.find((e) => e.name === 'HEAD')!.body)
      .toString()
      .trim()
      .slice('sha256:'.length),
  );

/** An object's bytes changed (as a tree when they decode), renamed to their new hash, HEAD following it. */
function mutatedObject(entries: readonly TarEntry[]): fc.Arbitrary<TarEntry[]> {
  const objects = entries.filter((e) => e.name !== 'HEAD');
  return fc.nat(objects.length - 1).chain((i) => {
    const target = objects[i]!;
    let decoded: unknown;
    try {
      decoded = decodeCanonical(target.body);
    } catch {
      decoded = undefined;
    }
    const changed = decoded === undefined ? mutateBytes(target.body) : mutateTree(decoded, CBOR_LEAF).map(encodeOrNull);
    return changed.map((body) => {
      const wasHead = headName(entries) === target.name;
      return entries.map((e) =>
        e === target
          ? { name: objectName(toHex(sha256(body))), body }
          : e.name === 'HEAD' && wasHead
            ? { name: 'HEAD', body: utf8(`${formatDigest(sha256(body))}\n`) }
            : e,
      );
    });
  });
}

/** Entries dropped, duplicated or swapped. */
function reshuffled(entries: readonly TarEntry[]): fc.Arbitrary<TarEntry[]> {
  return fc.tuple(fc.nat(2), fc.nat(), fc.nat()).map(([kind, a, b]) => {
    const copy = [...entries];
    const [i, j] = [a % copy.length, b % copy.length];
    if (kind === 0) copy.splice(i, 1);
    else if (kind === 1) copy.splice(i, 0, copy[i]!);
    else [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return copy;
  });
}

let bundle: Uint8Array;

beforeAll(async () => {
  const source = tempStore();
  const steps = await buildRun(source, 'run-fuzz', 3);
  const file = join(mkdtempSync(join(tmpdir(), 'rollgate-fuzz-bundle-')), 'state.tar');
  await exportBundle(source, steps[2]!.head_hash, file);
  bundle = new Uint8Array(readFileSync(file));
});

describe('store decoders', () => {
  it('WAL: WAL_CORRUPTION, or whole records that re-frame to exactly the good prefix', async () => {
    await fuzz('store/wal', WAL_INPUTS, async (bytes) => {
      const outcome = await settle(() => parseWal(bytes, 'run-1'), ['WAL_CORRUPTION']);
      if (!outcome.ok) return false;
      const { records, goodLength, tornTail } = outcome.value;
      expect(tornTail).toBe(goodLength < bytes.length);
      expect(toHex(concat(records.map(frameRecord)))).toBe(toHex(bytes.subarray(0, goodLength)));
      records.forEach((r, i) => expect(r.wal_seq).toBe(i));
      return true;
    });
  });

  it('commit pointers: COMMIT_POINTER_MISMATCH, or a pointer that re-encodes to exactly its bytes', async () => {
    await fuzz('store/commit-pointer', cborDocuments(POINTER), async (bytes) => {
      const outcome = await settle(() => decodePointer(bytes, 'COMMITTED'), ['COMMIT_POINTER_MISMATCH']);
      if (outcome.ok) expect(toHex(encodePointer(outcome.value))).toBe(toHex(bytes));
      return outcome.ok;
    });
  });

  it('step heads and trace objects: STEP_HEAD_INVALID, or exactly their bytes again', async () => {
    const input = fc.oneof(
      cborDocuments(STEP_HEAD).map((bytes) => ({ bytes, decode: (v: never) => decodeStepHead(v, 'head') })),
      cborDocuments(TRACE).map((bytes) => ({ bytes, decode: decodeTraceObject })),
    );
    await fuzz('store/step-head', input, async ({ bytes, decode }) => {
      const outcome = await settle(() => decode(decodeCanonical(bytes) as never), ['STEP_HEAD_INVALID', ...CBOR_CODES]);
      if (outcome.ok) expect(toHex(encodeCanonical(outcome.value))).toBe(toHex(bytes));
      return outcome.ok;
    });
  });

  it('state bundles: refused with the receiving store unchanged, or imported with a chain that verifies', async () => {
    const target = tempStore();
    await buildRun(target, 'run-existing', 1);
    const storeDir = dirname(target.layout.root);
    const file = join(mkdtempSync(join(tmpdir(), 'rollgate-fuzz-import-')), 'bundle.tar');
    const entries = readTar(bundle);
    const input = fc.oneof(
      mutateBytes(bundle),
      mutatedObject(entries).map(writeTar),
      reshuffled(entries).map(writeTar),
    );
    await fuzz(
      'store/bundle-import',
      input,
      async (bytes) => {
        writeFileSync(file, bytes);
        const before = snapshotTree(storeDir);
        const outcome = await settle(() => importBundle(target, file), ['BUNDLE_INVALID', 'BUNDLE_TOO_LARGE']);
        if (!outcome.ok) expect(snapshotTree(storeDir)).toEqual(before);
        else await verifyChain(target, outcome.value.head);
        return outcome.ok;
      },
      0.05,
    );
  });
});
