// `rollgate verify` against every kind of file of the store layout (DESIGN 5) damaged in each
// way a disk, a person or a script can: flipped, truncated, deleted, copied from elsewhere,
// replaced by a directory, a symbolic link or a FIFO, or joined by a stray name. Each is a
// finding with its code on the right subject; verify never throws, never hangs on a FIFO, and
// the CLI exits 1, not 2. `recover` on a damaged run writes nothing.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/core/bytes.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import type { CliDeps } from '../../src/cli/deps.js';
import { runCli } from '../../src/cli/program.js';
import { emptyState } from '../../src/store/state-document.js';
import { commitRun } from '../../src/store/commit.js';
import { appendGcLog } from '../../src/store/gc-log.js';
import { objectPath, storeLayout, type StoreLayout } from '../../src/store/layout.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { appendEvent, writeState } from '../../src/store/state-file.js';
import type { StepResult } from '../../src/store/step-heads.js';
import { verifyStore, type StoreFinding } from '../../src/store/verify-store.js';
import { buildRun, tempStore } from './fixtures.js';
import { testHost } from '../helpers/host.js';

const H = (n: number) => new Uint8Array(32).fill(n);
let baseline: string;
let runA: StepResult[];
let runB: StepResult[];
const wasmBytes = utf8('\0asm not really');
const wasmHex = toHex(sha256(wasmBytes));

beforeAll(async () => {
  const store = tempStore();
  baseline = store.layout.root;
  runA = await buildRun(store, 'run-a', 3);
  runB = await buildRun(store, 'run-b', 2);
  const [c] = await buildRun(store, 'run-c', 1);
  const commit = (runId: string, head: Uint8Array, certificate?: Uint8Array) =>
    commitRun(store, {
      run_id: runId,
      head_hash: head,
      ...(certificate ? { certificate } : {}),
      manifest_hash: H(1),
      policy_bundle_hash: H(2),
      determinism_profile_hash: H(3),
    });
  await commit('run-a', runA[2]!.head_hash, utf8('certificate of run-a'));
  await commit('run-c', c!.head_hash);
  const layout = store.layout;
  await appendGcLog(join(layout.gc, 'log.jsonl'), [
    { time_utc: '2026-01-01T00:00:00Z', action: 'expire_run', subject: 'run-x', class: 'experimental', reason: 'test' },
  ]);
  writeFileSync(join(layout.gc, 'pins.json'), JSON.stringify([formatDigest(runA[0]!.head_hash)]));
  await writeState(layout.root, emptyState());
  await appendEvent(layout.root, JSON.stringify({ cycle: 1, reason_codes: [] }));
  mkdirSync(join(layout.wasmArtifacts, 'blueprint-1'), { recursive: true });
  writeFileSync(join(layout.wasmArtifacts, 'blueprint-1', `${wasmHex}.wasm`), wasmBytes);
  writeFileSync(
    join(layout.wasmArtifacts, 'blueprint-1', `${wasmHex}.manifest.json`),
    JSON.stringify({ artifact_sha256: wasmHex }),
  );
  // Not the store's: other tools keep files beside it (lock-verify reports, keys).
  mkdirSync(join(layout.root, 'reports'));
  writeFileSync(join(layout.root, 'reports', 'lock-report.json'), '{}');
});

function copyOfBaseline(): StoreLayout {
  const root = join(mkdtempSync(join(tmpdir(), 'rollgate-damage-')), '.rollgate');
  cpSync(baseline, root, { recursive: true });
  return storeLayout(root);
}

/** Writable first: objects and pointers are stored read-only. */
function overwrite(path: string, data: string | Uint8Array): void {
  if (existsSync(path)) chmodSync(path, 0o644);
  writeFileSync(path, data);
}
function flip(path: string, fromEnd: number): void {
  const bytes = readFileSync(path);
  bytes[bytes.length - fromEnd] = bytes[bytes.length - fromEnd]! ^ 0xff;
  overwrite(path, bytes);
}
function replaceWith(path: string, kind: 'dir' | 'fifo' | 'empty' | { link: string }): void {
  rmSync(path, { recursive: true, force: true });
  if (kind === 'dir') mkdirSync(path);
  else if (kind === 'fifo') execFileSync('mkfifo', [path]);
  else if (kind === 'empty') writeFileSync(path, '');
  else symlinkSync(kind.link, path);
}

const at = (l: StoreLayout, ...parts: string[]) => join(l.root, ...parts);
const obj = (l: StoreLayout, digest: Uint8Array) => objectPath(l, digest);
const headB1 = () => runB[1]!.head_hash;
const objSubject = (digest: Uint8Array) => {
  const hex = toHex(digest);
  return `objects/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`;
};

type Expected = [code: string, subject: string, severity?: 'warning'];
interface Case {
  readonly name: string;
  readonly damage: (l: StoreLayout) => void;
  /** Exactly these findings, or (contains) at least these (a function when they name objects). */
  readonly exactly?: readonly Expected[] | (() => readonly Expected[]);
  readonly contains?: readonly Expected[] | (() => readonly Expected[]);
}

const walA = (l: StoreLayout) => at(l, 'wal', 'run-a.wal');
const pointerA = (l: StoreLayout) => at(l, 'commits', 'run-a', 'COMMITTED');
const LAYOUT = 'STORE_LAYOUT_INVALID';

const CASES: Case[] = [
  // WAL of a committed run: nothing is appended after its pointer, so nothing there is torn.
  {
    name: 'WAL: a flipped byte in the FINALIZE',
    damage: (l) => flip(walA(l), 40),
    exactly: [['WAL_CORRUPTION', 'wal/run-a.wal']],
  },
  {
    name: 'WAL: FINALIZE cut short',
    damage: (l) => truncateSync(walA(l), readFileSync(walA(l)).length - 10),
    exactly: [['WAL_CORRUPTION', 'wal/run-a.wal']],
  },
  {
    name: 'WAL: bytes after FINALIZE',
    damage: (l) => appendFileSync(walA(l), Buffer.from([9, 0, 0])),
    exactly: [['WAL_CORRUPTION', 'wal/run-a.wal']],
  },
  {
    name: 'WAL: deleted',
    damage: (l) => rmSync(walA(l)),
    exactly: [['COMMIT_POINTER_MISMATCH', 'commits/run-a/COMMITTED']],
  },
  { name: 'WAL: a directory', damage: (l) => replaceWith(walA(l), 'dir'), exactly: [[LAYOUT, 'wal/run-a.wal']] },
  { name: 'WAL: a FIFO', damage: (l) => replaceWith(walA(l), 'fifo'), exactly: [[LAYOUT, 'wal/run-a.wal']] },
  {
    name: 'WAL: a symbolic link',
    damage: (l) => replaceWith(walA(l), { link: 'run-c.wal' }),
    exactly: [[LAYOUT, 'wal/run-a.wal']],
  },
  {
    name: 'WAL: copied from another run',
    damage: (l) => cpSync(at(l, 'wal', 'run-c.wal'), walA(l)),
    exactly: [['WAL_CORRUPTION', 'wal/run-a.wal']],
  },
  {
    name: 'wal/: stray names',
    damage: (l) => {
      writeFileSync(at(l, 'wal', 'notes.txt'), 'x');
      writeFileSync(at(l, 'wal', 'bad name.wal'), 'x');
    },
    exactly: [
      [LAYOUT, 'wal/bad name.wal'],
      [LAYOUT, 'wal/notes.txt'],
    ],
  },
  {
    name: 'wal/: a file',
    damage: (l) => replaceWith(at(l, 'wal'), 'empty'),
    exactly: [[LAYOUT, 'wal']],
  },
  {
    name: 'run lock: a damaged generation, a stray name, a lock directory that is a file',
    damage: (l) => {
      mkdirSync(at(l, 'wal', 'run-b.lock.d'));
      writeFileSync(at(l, 'wal', 'run-b.lock.d', '000009'), '{"pid":');
      writeFileSync(at(l, 'wal', 'run-b.lock.d', '9'), '');
      replaceWith(at(l, 'wal', 'run-c.lock.d'), 'empty');
    },
    exactly: [
      [LAYOUT, 'wal/run-b.lock.d/000009'],
      [LAYOUT, 'wal/run-b.lock.d/9'],
      [LAYOUT, 'wal/run-c.lock.d'],
    ],
  },
  {
    name: 'run lock: live, stale and legacy locks are no damage',
    damage: (l) => {
      mkdirSync(at(l, 'wal', 'run-b.lock.d'));
      writeFileSync(at(l, 'wal', 'run-b.lock.d', '000001'), JSON.stringify({ pid: 999_999_999, host: hostname() }));
      writeFileSync(at(l, 'wal', 'run-b.lock.d', '000002'), JSON.stringify({ pid: process.pid, host: hostname() }));
      writeFileSync(at(l, 'wal', 'run-b.lock'), JSON.stringify({ pid: 999_999_999, host: hostname() }));
    },
    exactly: [],
  },
  // Found by the fault-injection suite: a marker left without its generation made the next lock
  // look released the moment it was created (run-lock.ts now numbers it above the marker).
  {
    name: 'run lock: a release marker whose generation was deleted (a warning)',
    damage: (l) => {
      mkdirSync(at(l, 'wal', 'run-b.lock.d'));
      writeFileSync(at(l, 'wal', 'run-b.lock.d', '000001.released'), '');
    },
    exactly: [[LAYOUT, 'wal/run-b.lock.d/000001.released', 'warning']],
  },
  // The COMMITTED pointer.
  {
    name: 'pointer: a directory',
    damage: (l) => replaceWith(pointerA(l), 'dir'),
    exactly: [[LAYOUT, 'commits/run-a/COMMITTED']],
  },
  {
    name: 'pointer: a FIFO',
    damage: (l) => replaceWith(pointerA(l), 'fifo'),
    exactly: [[LAYOUT, 'commits/run-a/COMMITTED']],
  },
  {
    name: 'pointer: a symbolic link',
    damage: (l) => replaceWith(pointerA(l), { link: '../run-c/COMMITTED' }),
    exactly: [[LAYOUT, 'commits/run-a/COMMITTED']],
  },
  {
    name: 'pointer: deleted (a crash before it was published)',
    damage: (l) => rmSync(pointerA(l)),
    exactly: [['COMMIT_CONFLICT', 'wal/run-a.wal', 'warning']],
  },
  {
    name: 'pointer: truncated',
    damage: (l) => truncateSync(pointerA(l), 20),
    exactly: [['COMMIT_POINTER_MISMATCH', 'commits/run-a/COMMITTED']],
  },
  {
    name: 'pointer: copied from another run',
    damage: (l) => {
      rmSync(pointerA(l));
      cpSync(at(l, 'commits', 'run-c', 'COMMITTED'), pointerA(l));
    },
    exactly: [['COMMIT_POINTER_MISMATCH', 'commits/run-a/COMMITTED']],
  },
  {
    name: 'commits/: stray names',
    damage: (l) => {
      writeFileSync(at(l, 'commits', 'run-a', 'COMMITTED.bak'), '');
      writeFileSync(at(l, 'commits', 'run-z'), '');
      mkdirSync(at(l, 'commits', 'bad name'));
    },
    exactly: [
      [LAYOUT, 'commits/bad name'],
      [LAYOUT, 'commits/run-a/COMMITTED.bak'],
      [LAYOUT, 'commits/run-z'],
    ],
  },
  // Step heads: each must be the head of its own run and step.
  {
    name: 'step head: copied from another run',
    damage: (l) => overwrite(at(l, 'steps', 'run-a', '1'), readFileSync(at(l, 'steps', 'run-b', '1'))),
    exactly: [['STEP_HEAD_INVALID', 'steps/run-a/1']],
  },
  {
    name: 'step head: copied from another step',
    damage: (l) => overwrite(at(l, 'steps', 'run-a', '1'), readFileSync(at(l, 'steps', 'run-a', '2'))),
    exactly: [['STEP_HEAD_INVALID', 'steps/run-a/1']],
  },
  {
    name: 'step head: empty',
    damage: (l) => replaceWith(at(l, 'steps', 'run-a', '1'), 'empty'),
    exactly: [['STEP_HEAD_INVALID', 'steps/run-a/1']],
  },
  // Found by the fault-injection suite: a flipped newline (\n to \v) still trims to the digest.
  {
    name: 'step head: not exactly the digest and a newline (a warning: it still names its head)',
    damage: (l) => {
      const path = at(l, 'steps', 'run-a', '1');
      overwrite(path, `${readFileSync(path, 'utf8').trim()}\v`);
    },
    exactly: [['STEP_HEAD_INVALID', 'steps/run-a/1', 'warning']],
  },
  {
    name: 'step head: a directory',
    damage: (l) => replaceWith(at(l, 'steps', 'run-a', '1'), 'dir'),
    exactly: [[LAYOUT, 'steps/run-a/1']],
  },
  {
    name: 'step head: a FIFO',
    damage: (l) => replaceWith(at(l, 'steps', 'run-a', '1'), 'fifo'),
    exactly: [[LAYOUT, 'steps/run-a/1']],
  },
  {
    name: 'step head: a symbolic link',
    damage: (l) => replaceWith(at(l, 'steps', 'run-a', '1'), { link: '0' }),
    exactly: [[LAYOUT, 'steps/run-a/1']],
  },
  {
    name: 'steps/: stray names',
    damage: (l) => {
      writeFileSync(at(l, 'steps', 'run-a', 'bad name'), 'x');
      cpSync(at(l, 'steps', 'run-a', '1'), at(l, 'steps', 'run-a', '01'));
      writeFileSync(at(l, 'steps', 'bad name'), 'x');
    },
    exactly: [
      [LAYOUT, 'steps/bad name'],
      [LAYOUT, 'steps/run-a/01'],
      [LAYOUT, 'steps/run-a/bad name'],
    ],
  },
  {
    name: 'steps/<run>: a file',
    damage: (l) => replaceWith(at(l, 'steps', 'run-b'), 'empty'),
    exactly: [[LAYOUT, 'steps/run-b']],
  },
  // Objects.
  {
    name: 'object: a flipped byte',
    damage: (l) => flip(obj(l, headB1()), 5),
    contains: () => [
      ['STORE_OBJECT_CORRUPT', formatDigest(headB1())],
      ['STORE_OBJECT_CORRUPT', 'steps/run-b/1'],
    ],
  },
  {
    name: 'object: truncated',
    damage: (l) => truncateSync(obj(l, headB1()), 3),
    contains: () => [['STORE_OBJECT_CORRUPT', formatDigest(headB1())]],
  },
  {
    name: 'object: deleted',
    damage: (l) => rmSync(obj(l, headB1())),
    exactly: [['STORE_OBJECT_MISSING', 'steps/run-b/1']],
  },
  {
    name: 'object: a directory',
    damage: (l) => replaceWith(obj(l, headB1()), 'dir'),
    exactly: () => [
      [LAYOUT, objSubject(headB1())],
      [LAYOUT, 'steps/run-b/1'],
    ],
  },
  {
    name: 'object: a FIFO',
    damage: (l) => replaceWith(obj(l, headB1()), 'fifo'),
    exactly: () => [
      [LAYOUT, objSubject(headB1())],
      [LAYOUT, 'steps/run-b/1'],
    ],
  },
  {
    name: 'object: a symbolic link',
    damage: (l) => replaceWith(obj(l, headB1()), { link: obj(l, runB[0]!.head_hash) }),
    exactly: () => [
      [LAYOUT, objSubject(headB1())],
      [LAYOUT, 'steps/run-b/1'],
    ],
  },
  {
    name: 'objects/: stray names',
    damage: (l) => {
      writeFileSync(join(obj(l, headB1()), '..', 'README'), '');
      mkdirSync(at(l, 'objects', 'sha256', 'zz'));
      mkdirSync(at(l, 'objects', 'sha512'));
    },
    exactly: () => [
      [LAYOUT, `${objSubject(headB1()).slice(0, 17)}/README`],
      [LAYOUT, 'objects/sha256/zz'],
      [LAYOUT, 'objects/sha512'],
    ],
  },
  {
    name: 'objects/sha256: a file',
    damage: (l) => replaceWith(at(l, 'objects', 'sha256'), 'empty'),
    contains: [[LAYOUT, 'objects/sha256']],
  },
  {
    name: "a temporary file of a dead writer (recover's to remove)",
    damage: (l) => writeFileSync(join(obj(l, headB1()), '..', '.abc.999999999-0123456789ab.tmp'), ''),
    exactly: () => [[LAYOUT, `${objSubject(headB1()).slice(0, 17)}/.abc.999999999-0123456789ab.tmp`, 'warning']],
  },
  // GC files.
  {
    name: 'gc log: truncated',
    damage: (l) => truncateSync(at(l, 'gc', 'log.jsonl'), 30),
    contains: [['GC_LOG_BROKEN', 'gc/log.jsonl']],
  },
  {
    name: 'gc log: a directory',
    damage: (l) => replaceWith(at(l, 'gc', 'log.jsonl'), 'dir'),
    exactly: [[LAYOUT, 'gc/log.jsonl']],
  },
  {
    name: 'gc log: a FIFO',
    damage: (l) => replaceWith(at(l, 'gc', 'log.jsonl'), 'fifo'),
    exactly: [[LAYOUT, 'gc/log.jsonl']],
  },
  {
    name: 'pins: truncated',
    damage: (l) => truncateSync(at(l, 'gc', 'pins.json'), 12),
    exactly: [[LAYOUT, 'gc/pins.json']],
  },
  {
    name: 'pins: a directory',
    damage: (l) => replaceWith(at(l, 'gc', 'pins.json'), 'dir'),
    exactly: [[LAYOUT, 'gc/pins.json']],
  },
  {
    name: 'pins: a pinned object is gone',
    damage: (l) =>
      overwrite(at(l, 'gc', 'pins.json'), JSON.stringify([{ digest: formatDigest(H(4)), pinned_utc: 'x' }])),
    exactly: [['STORE_OBJECT_MISSING', 'gc/pins.json']],
  },
  {
    name: 'gc/: a stray name',
    damage: (l) => writeFileSync(at(l, 'gc', 'old.log'), ''),
    exactly: [[LAYOUT, 'gc/old.log']],
  },
  // state.json, runtime-events.jsonl, wasm-artifacts.
  {
    name: 'state.json: truncated',
    damage: (l) => truncateSync(l.stateJson, 10),
    exactly: [['STATE_FILE_INVALID', 'state.json']],
  },
  {
    name: 'state.json: a directory',
    damage: (l) => replaceWith(l.stateJson, 'dir'),
    exactly: [[LAYOUT, 'state.json']],
  },
  { name: 'state.json: a FIFO', damage: (l) => replaceWith(l.stateJson, 'fifo'), exactly: [[LAYOUT, 'state.json']] },
  {
    name: 'events: a torn last line (warning), a damaged line (error)',
    damage: (l) => {
      appendFileSync(l.eventsLog, 'not json\n{"cycle":');
    },
    exactly: [
      ['STATE_FILE_INVALID', 'runtime-events.jsonl'],
      ['STATE_FILE_INVALID', 'runtime-events.jsonl', 'warning'],
    ],
  },
  {
    name: 'events: a directory',
    damage: (l) => replaceWith(l.eventsLog, 'dir'),
    exactly: [[LAYOUT, 'runtime-events.jsonl']],
  },
  {
    name: 'wasm artifact: flipped, its manifest truncated, a stray name',
    damage: (l) => {
      flip(join(l.wasmArtifacts, 'blueprint-1', `${wasmHex}.wasm`), 2);
      truncateSync(join(l.wasmArtifacts, 'blueprint-1', `${wasmHex}.manifest.json`), 5);
      writeFileSync(join(l.wasmArtifacts, 'notes.txt'), '');
    },
    exactly: [
      ['WASM_MANIFEST_INVALID', `wasm-artifacts/blueprint-1/${wasmHex}.manifest.json`],
      ['STORE_OBJECT_CORRUPT', `wasm-artifacts/blueprint-1/${wasmHex}.wasm`],
      [LAYOUT, 'wasm-artifacts/notes.txt'],
    ],
  },
  // The state directory itself.
  {
    name: 'the state directory: missing',
    damage: (l) => rmSync(l.root, { recursive: true }),
    exactly: [['FILE_NOT_FOUND', '.']],
  },
  { name: 'the state directory: a file', damage: (l) => replaceWith(l.root, 'empty'), exactly: [[LAYOUT, '.']] },
];

const shape = (f: StoreFinding) => [f.code, f.subject, ...(f.severity === 'warning' ? ['warning'] : [])];

describe('verify reports each kind of damage as a finding', () => {
  it('the undamaged store verifies clean', async () => {
    const report = await verifyStore(new ObjectStore(copyOfBaseline().root));
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, runs_checked: 3, pointers_checked: 2, step_heads_checked: 6 });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const layout = copyOfBaseline();
    c.damage(layout);
    const report = await verifyStore(new ObjectStore(layout.root));
    const found = report.findings.map(shape);
    const expected = (e: Case['exactly']) => (typeof e === 'function' ? e() : e);
    if (c.exactly) expect(found).toEqual(expected(c.exactly));
    for (const one of expected(c.contains) ?? []) expect(found).toContainEqual(one);
    expect(report.ok).toBe(found.every((f) => f[2] === 'warning'));
  });
});

// Every step head's chain is verified, and each repeats the ones below it: verify read (and
// hashed and decoded) the first head of a 40-step run 41 times, quadratic in the steps. The
// fault-injection suite, which runs verify hundreds of times on the demo store, showed it.
describe('verify reads each object once', () => {
  it('a 40-step run, committed: every object read once, the findings as before', async () => {
    class Counting extends ObjectStore {
      readonly reads = new Map<string, number>();
      override async get(digest: Uint8Array): Promise<Uint8Array> {
        const name = formatDigest(digest);
        this.reads.set(name, (this.reads.get(name) ?? 0) + 1);
        return super.get(digest);
      }
    }
    const built = tempStore();
    const steps = await buildRun(built, 'long', 40);
    await commitRun(built, {
      run_id: 'long',
      head_hash: steps[39]!.head_hash,
      manifest_hash: H(1),
      policy_bundle_hash: H(2),
      determinism_profile_hash: H(3),
    });
    const store = new Counting(built.layout.root);
    const report = await verifyStore(store);
    expect(report).toMatchObject({ ok: true, findings: [], step_heads_checked: 40, pointers_checked: 1 });
    expect(store.reads.size).toBe(report.objects_checked);
    expect(Math.max(...store.reads.values())).toBe(1);
  });
});

describe('the CLI on a damaged store', () => {
  async function cli(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const deps: CliDeps = {
      output: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
      now: () => 1_700_000_000,
      host: testHost(),
      env: {},
    };
    const code = await runCli(argv, deps);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('verify exits 1 with every finding listed (a COMMITTED directory, a stray name, a copied head)', async () => {
    const layout = copyOfBaseline();
    replaceWith(pointerA(layout), 'dir');
    writeFileSync(at(layout, 'steps', 'run-b', 'bad name'), 'x');
    overwrite(at(layout, 'steps', 'run-a', '1'), readFileSync(at(layout, 'steps', 'run-b', '1')));
    const run = await cli(['verify', '--state-dir', layout.root, '--json']);
    expect({ code: run.code, err: run.err }).toEqual({ code: 1, err: '' });
    const report = JSON.parse(run.out) as { findings: StoreFinding[] };
    expect(report.findings.map(shape)).toEqual([
      [LAYOUT, 'commits/run-a/COMMITTED'],
      ['STEP_HEAD_INVALID', 'steps/run-a/1'],
      [LAYOUT, 'steps/run-b/bad name'],
    ]);
  });

  it('recover writes nothing to a committed run whose FINALIZE is damaged, and exits 1', async () => {
    const layout = copyOfBaseline();
    flip(walA(layout), 40);
    const before = readFileSync(walA(layout));
    const run = await cli(['recover', '--state-dir', layout.root]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^run-a: failed WAL_CORRUPTION: .* \(nothing was written\)\nrun-c: validated_pointer$/);
    expect(readFileSync(walA(layout))).toEqual(before);
  });
});
