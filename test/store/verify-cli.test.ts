// `rollgate verify` finds each kind of damage with its code (through the built CLI), and
// `rollgate recover` settles an interrupted commit.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { commitRun } from '../../src/store/commit.js';
import { commitPointerPath, objectPath, walPath } from '../../src/store/layout.js';
import { appendWal } from '../../src/store/wal.js';
import { runCliDist } from '../helpers/run-dist.js';
import { buildRun, tempStore } from './fixtures.js';

async function committedStore() {
  const store = tempStore();
  const steps = await buildRun(store, 'run-v', 2);
  await commitRun(store, {
    run_id: 'run-v',
    head_hash: steps[1]!.head_hash,
    certificate: utf8('cert'),
    manifest_hash: new Uint8Array(32).fill(1),
    policy_bundle_hash: new Uint8Array(32).fill(2),
    determinism_profile_hash: new Uint8Array(32).fill(3),
  });
  return { store, steps };
}

function flipByte(path: string, at: number): void {
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[at] = bytes[at]! ^ 0x40;
  writeFileSync(path, bytes);
}

function verifyJson(stateDir: string) {
  const run = runCliDist(process.execPath, ['verify', '--state-dir', stateDir, '--json']);
  return {
    status: run.status,
    report: JSON.parse(run.stdout) as { ok: boolean; findings: Array<{ code: string; subject: string }> },
  };
}

describe('rollgate verify', () => {
  it('passes a sound store with exit 0', async () => {
    const { store } = await committedStore();
    const { status, report } = verifyJson(store.layout.root);
    expect(status).toBe(0);
    expect(report.ok).toBe(true);
  });

  it('finds a flipped byte in an object: STORE_OBJECT_CORRUPT, and the chains through it break', async () => {
    const { store, steps } = await committedStore();
    flipByte(objectPath(store.layout, steps[0]!.head.trace), 3);
    const { status, report } = verifyJson(store.layout.root);
    expect(status).toBe(1);
    expect(report.findings.map((f) => f.code)).toContain('STORE_OBJECT_CORRUPT');
    const subjects = report.findings.map((f) => f.subject);
    expect(subjects).toEqual(expect.arrayContaining(['commits/run-v/COMMITTED', 'steps/run-v/0', 'steps/run-v/1']));
  });

  it('finds a flipped byte in a WAL record: WAL_CORRUPTION', async () => {
    const { store } = await committedStore();
    flipByte(walPath(store.layout, 'run-v'), 12);
    const { status, report } = verifyJson(store.layout.root);
    expect(status).toBe(1);
    expect(report.findings.map((f) => f.code)).toContain('WAL_CORRUPTION');
  });

  it('finds a flipped byte in a commit pointer: COMMIT_POINTER_MISMATCH', async () => {
    const { store } = await committedStore();
    flipByte(commitPointerPath(store.layout, 'run-v'), 40);
    const { status, report } = verifyJson(store.layout.root);
    expect(status).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'COMMIT_POINTER_MISMATCH', subject: 'commits/run-v/COMMITTED' }),
    ]);
  });

  it('recover rolls back an interrupted commit, after which verify is clean', async () => {
    const store = tempStore();
    const [step] = await buildRun(store, 'run-i', 1);
    await appendWal(store.layout, 'run-i', [], 'PREPARE', { objects: [step!.head_hash] });
    expect(verifyJson(store.layout.root).report.findings).toEqual([
      expect.objectContaining({ subject: 'wal/run-i.wal' }),
    ]);
    const recover = runCliDist(process.execPath, ['recover', '--state-dir', store.layout.root]);
    expect(recover.stdout).toBe('run-i: rolled_back\n');
    expect(verifyJson(store.layout.root).report.findings).toEqual([]);
  });
});
