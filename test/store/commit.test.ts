import { appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equalBytes, utf8 } from '../../src/core/bytes.js';
import { isRollgateError } from '../../src/core/errors.js';
import { lineageRoot } from '../../src/core/lineage.js';
import { commitRun } from '../../src/store/commit.js';
import { commitPointerPath, walPath } from '../../src/store/layout.js';
import { readPointer } from '../../src/store/pointer-file.js';
import { recoverRun } from '../../src/store/recovery.js';
import { appendWal, readStoreFile, readWal } from '../../src/store/wal.js';
import { buildRun, tempStore } from './fixtures.js';

const H = (n: number) => new Uint8Array(32).fill(n);
const commitInput = (runId: string, head: Uint8Array, certificate?: Uint8Array) => ({
  run_id: runId,
  head_hash: head,
  ...(certificate ? { certificate } : {}),
  manifest_hash: H(1),
  policy_bundle_hash: H(2),
  determinism_profile_hash: H(3),
});

describe('commitRun', () => {
  it('appends PREPARE, CERT_SIGNED, FINALIZE and publishes a pointer binding the run', async () => {
    const store = tempStore();
    const steps = await buildRun(store, 'run-1', 3);
    const head = steps[2]!;
    const pointer = await commitRun(store, commitInput('run-1', head.head_hash, utf8('certificate bytes')));
    const wal = await readWal(store.layout, 'run-1');
    expect(wal.records.map((r) => r.record_type)).toEqual(['PREPARE', 'CERT_SIGNED', 'FINALIZE']);
    expect(equalBytes(pointer.wal_terminal_hash, wal.records[2]!.record_hash)).toBe(true);
    expect(equalBytes(pointer.trace_tail_hash, head.head.trace_tail_hash)).toBe(true);
    expect(equalBytes(pointer.lineage_root_hash, lineageRoot(head.head.evidence))).toBe(true);
    expect(pointer.execution_certificate_hash).not.toBeNull();
    expect(await readPointer(store, 'run-1')).toEqual(pointer);
  });

  it('without a certificate there is no CERT_SIGNED and the pointer binds none', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-2', 1);
    const pointer = await commitRun(store, commitInput('run-2', step!.head_hash));
    expect((await readWal(store.layout, 'run-2')).records.map((r) => r.record_type)).toEqual(['PREPARE', 'FINALIZE']);
    expect(pointer.execution_certificate_hash).toBeNull();
  });

  it('refuses a second commit of a committed run with COMMIT_CONFLICT and keeps the pointer', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-3', 1);
    await commitRun(store, commitInput('run-3', step!.head_hash));
    const before = readFileSync(commitPointerPath(store.layout, 'run-3'));
    await expect(commitRun(store, commitInput('run-3', step!.head_hash, utf8('other')))).rejects.toSatisfy((e) =>
      isRollgateError(e, 'COMMIT_CONFLICT'),
    );
    expect(readFileSync(commitPointerPath(store.layout, 'run-3'))).toEqual(before);
  });

  it('refuses a head of another run', async () => {
    const store = tempStore();
    const [other] = await buildRun(store, 'run-a', 1);
    await expect(commitRun(store, commitInput('run-b', other!.head_hash))).rejects.toSatisfy((e) =>
      isRollgateError(e, 'COMMIT_BINDING_INVALID'),
    );
  });
});

describe('recoverRun', () => {
  it('rolls back an interrupted PREPARE, after which the run commits', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-r', 1);
    await appendWal(store.layout, 'run-r', [], 'PREPARE', { objects: [step!.head_hash] });
    expect((await recoverRun(store, 'run-r')).action).toBe('rolled_back');
    expect(await readPointer(store, 'run-r')).toBeUndefined();
    await commitRun(store, commitInput('run-r', step!.head_hash));
    expect((await readWal(store.layout, 'run-r')).records.map((r) => r.record_type)).toEqual([
      'PREPARE',
      'ROLLBACK',
      'PREPARE',
      'FINALIZE',
    ]);
  });

  it('publishes the pointer of a FINALIZE whose pointer is missing', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-f', 1);
    const pointer = await commitRun(store, commitInput('run-f', step!.head_hash));
    const path = commitPointerPath(store.layout, 'run-f');
    chmodSync(path, 0o644);
    await import('node:fs/promises').then((fs) => fs.unlink(path));
    expect((await recoverRun(store, 'run-f')).action).toBe('published_pointer');
    expect(await readPointer(store, 'run-f')).toEqual(pointer);
  });

  it('cuts a torn tail of an uncommitted run at the last good record, then rolls back', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-t', 1);
    await appendWal(store.layout, 'run-t', [], 'PREPARE', { objects: [step!.head_hash] });
    const size = readFileSync(walPath(store.layout, 'run-t')).length;
    appendFileSync(walPath(store.layout, 'run-t'), Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));
    const report = await recoverRun(store, 'run-t');
    expect(report).toEqual({ run_id: 'run-t', torn_tail_cut: true, action: 'rolled_back' });
    const wal = await readWal(store.layout, 'run-t');
    expect(wal.records.map((r) => r.record_type)).toEqual(['PREPARE', 'ROLLBACK']);
    expect(wal.goodLength).toBeGreaterThan(size);
  });

  it('cuts a tail of zeros (a file extended but never written) as a torn write', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-z', 1);
    await appendWal(store.layout, 'run-z', [], 'PREPARE', { objects: [step!.head_hash] });
    appendFileSync(walPath(store.layout, 'run-z'), Buffer.alloc(300));
    expect(await recoverRun(store, 'run-z')).toEqual({ run_id: 'run-z', torn_tail_cut: true, action: 'rolled_back' });
  });

  // Once the pointer exists nothing more is appended to the run's WAL, and nothing ever follows
  // FINALIZE: bytes there that do not form a record are damage, and recovery writes nothing.
  describe('a committed WAL is never cut', () => {
    async function committed(runId: string) {
      const store = tempStore();
      const [step] = await buildRun(store, runId, 1);
      await commitRun(store, commitInput(runId, step!.head_hash, utf8('certificate')));
      const path = walPath(store.layout, runId);
      return { store, path, before: readFileSync(path) };
    }

    async function expectRefused(store: ReturnType<typeof tempStore>, runId: string, path: string, code: string) {
      const bytes = readFileSync(path);
      await expect(recoverRun(store, runId)).rejects.toSatisfy((e) => isRollgateError(e) && e.code === code);
      expect(readFileSync(path)).toEqual(bytes);
    }

    it('a flipped byte inside the FINALIZE its pointer names is WAL_CORRUPTION', async () => {
      const { store, path, before } = await committed('run-k');
      const bytes = Buffer.from(before);
      bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0xff;
      writeFileSync(path, bytes);
      await expectRefused(store, 'run-k', path, 'WAL_CORRUPTION');
    });

    it('a FINALIZE cut short is WAL_CORRUPTION', async () => {
      const { store, path, before } = await committed('run-k');
      truncateSync(path, before.length - 10);
      await expectRefused(store, 'run-k', path, 'WAL_CORRUPTION');
    });

    it('bytes after the FINALIZE are WAL_CORRUPTION', async () => {
      const { store, path } = await committed('run-k');
      appendFileSync(path, Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));
      await expectRefused(store, 'run-k', path, 'WAL_CORRUPTION');
    });

    it('a whole record after the FINALIZE is WAL_CORRUPTION', async () => {
      const { store, path } = await committed('run-k');
      const records = (await readWal(store.layout, 'run-k')).records;
      await appendWal(store.layout, 'run-k', records, 'ROLLBACK', { reason: 'forged' });
      await expectRefused(store, 'run-k', path, 'WAL_CORRUPTION');
    });

    it('a damaged pointer stops recovery before it writes, whatever the WAL holds', async () => {
      const { store, path } = await committed('run-k');
      appendFileSync(path, Buffer.from([0x40, 0, 0]));
      const pointer = commitPointerPath(store.layout, 'run-k');
      chmodSync(pointer, 0o644);
      writeFileSync(pointer, 'not a pointer');
      await expectRefused(store, 'run-k', path, 'COMMIT_POINTER_MISMATCH');
      rmSync(pointer);
      mkdirSync(pointer);
      await expectRefused(store, 'run-k', path, 'STORE_LAYOUT_INVALID');
    });

    it('without a pointer, bytes after FINALIZE are still WAL_CORRUPTION', async () => {
      const { store, path } = await committed('run-k');
      rmSync(commitPointerPath(store.layout, 'run-k'));
      appendFileSync(path, Buffer.from([0x40, 0, 0]));
      await expectRefused(store, 'run-k', path, 'WAL_CORRUPTION');
    });
  });

  it('refuses records in an order the protocol never writes', async () => {
    const store = tempStore();
    const first = await appendWal(store.layout, 'run-o', [], 'PREPARE', { objects: [] });
    const second = await appendWal(store.layout, 'run-o', [first], 'ROLLBACK', { reason: 'x' });
    await appendWal(store.layout, 'run-o', [first, second], 'FINALIZE', {});
    const path = walPath(store.layout, 'run-o');
    const bytes = readFileSync(path);
    await expect(recoverRun(store, 'run-o')).rejects.toSatisfy((e) => isRollgateError(e, 'WAL_CORRUPTION'));
    expect(readFileSync(path)).toEqual(bytes);
  });

  it('reports a flipped byte inside a non-final WAL record as WAL_CORRUPTION', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-c', 1);
    await commitRun(store, commitInput('run-c', step!.head_hash));
    const path = walPath(store.layout, 'run-c');
    const bytes = readFileSync(path);
    bytes[10] = bytes[10]! ^ 0x01;
    writeFileSync(path, bytes);
    await expect(recoverRun(store, 'run-c')).rejects.toSatisfy((e) => isRollgateError(e, 'WAL_CORRUPTION'));
  });

  it('refuses a pointer that names no FINALIZE of its WAL', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-p', 1);
    await commitRun(store, commitInput('run-p', step!.head_hash));
    truncateSync(walPath(store.layout, 'run-p'), 0);
    await expect(recoverRun(store, 'run-p')).rejects.toSatisfy((e) => isRollgateError(e, 'COMMIT_POINTER_MISMATCH'));
  });
});

describe('readStoreFile', () => {
  it('reads a file whole in one read, an empty one as no bytes, and refuses one over its limit', async () => {
    const dir = tempStore().layout.root;
    mkdirSync(dir, { recursive: true });
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => i % 251);
    writeFileSync(`${dir}/f`, bytes);
    const read = await readStoreFile(`${dir}/f`);
    expect(read).toEqual(bytes);
    expect(read!.byteLength).toBe(bytes.length);
    writeFileSync(`${dir}/empty`, '');
    expect(await readStoreFile(`${dir}/empty`)).toEqual(new Uint8Array(0));
    expect(await readStoreFile(`${dir}/absent`)).toBeUndefined();
    await expect(readStoreFile(`${dir}/f`, 69_999)).rejects.toSatisfy((e) =>
      isRollgateError(e, 'STORE_LAYOUT_INVALID'),
    );
    await expect(readStoreFile(`${dir}/f`, 70_000)).resolves.toEqual(bytes);
  });
});
