// `rollgate verify`: recomputes every object hash, every WAL chain, every commit pointer and
// every step-head chain, read-only, and lists every finding with its code.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDigest } from '../core/digest.js';
import type { ErrorCode } from '../core/error-codes.js';
import { RollgateError, compareText } from '../core/errors.js';
import { decodePointer } from './commit-pointer.js';
import { commitPointerPath, walPath } from './layout.js';
import { readdirIfPresent, type ObjectStore } from './object-store.js';
import { verifyGcLog } from './gc-log.js';
import { verifyFinalize } from './recovery.js';
import { readStepHead, verifyChain } from './step-heads.js';
import { parseWal, type ParsedWal } from './wal.js';
import { samePointer } from './commit-pointer.js';

export interface StoreFinding {
  readonly code: ErrorCode;
  readonly severity: 'error' | 'warning';
  readonly subject: string;
  readonly message: string;
}

export interface StoreVerifyReport {
  readonly state_dir: string;
  readonly ok: boolean;
  readonly objects_checked: number;
  readonly runs_checked: number;
  readonly pointers_checked: number;
  readonly step_heads_checked: number;
  readonly findings: readonly StoreFinding[];
}

function findingOf(error: unknown, subject: string): StoreFinding {
  if (error instanceof RollgateError) return { code: error.code, severity: 'error', subject, message: error.message };
  throw error;
}

/** Run ids that have a WAL, a pointer or step heads in the store, sorted. */
export async function listRuns(store: ObjectStore): Promise<string[]> {
  const runs = new Set<string>();
  for (const name of await readdirIfPresent(store.layout.wal)) if (name.endsWith('.wal')) runs.add(name.slice(0, -4));
  for (const name of await readdirIfPresent(store.layout.commits)) runs.add(name);
  for (const name of await readdirIfPresent(store.layout.steps)) runs.add(name);
  return [...runs].sort(compareText);
}

async function readWalFile(store: ObjectStore, runId: string): Promise<ParsedWal | undefined> {
  try {
    return parseWal(new Uint8Array(await readFile(walPath(store.layout, runId))), runId);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function verifyStore(store: ObjectStore): Promise<StoreVerifyReport> {
  const findings: StoreFinding[] = [];
  const objects = await store.list();
  for (const digest of objects) {
    await store.get(digest).catch((e: unknown) => findings.push(findingOf(e, formatDigest(digest))));
  }
  const runs = await listRuns(store);
  let pointers = 0;
  let heads = 0;
  for (const runId of runs) {
    let wal: ParsedWal | undefined;
    try {
      wal = await readWalFile(store, runId);
    } catch (error) {
      findings.push(findingOf(error, `wal/${runId}.wal`));
    }
    const last = wal?.records[wal.records.length - 1];
    if (wal?.tornTail) {
      findings.push({
        code: 'WAL_CORRUPTION',
        severity: 'warning',
        subject: `wal/${runId}.wal`,
        message: 'torn tail after the last good record: run `rollgate recover`',
      });
    }
    const pointerFile = commitPointerPath(store.layout, runId);
    let pointerBytes: Uint8Array | undefined;
    try {
      pointerBytes = new Uint8Array(await readFile(pointerFile));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (pointerBytes) {
      pointers++;
      try {
        const pointer = decodePointer(pointerBytes, pointerFile);
        const finalize = wal?.records.find(
          (r) =>
            r.record_type === 'FINALIZE' && formatDigest(r.record_hash) === formatDigest(pointer.wal_terminal_hash),
        );
        if (!finalize)
          throw new RollgateError(
            'COMMIT_POINTER_MISMATCH',
            `${pointerFile}: names no FINALIZE record of the run's WAL`,
          );
        if (!samePointer(await verifyFinalize(store, finalize), pointer)) {
          throw new RollgateError('COMMIT_POINTER_MISMATCH', `${pointerFile}: differs from its FINALIZE record`);
        }
      } catch (error) {
        findings.push(findingOf(error, `commits/${runId}/COMMITTED`));
      }
    } else if (last && last.record_type !== 'ROLLBACK') {
      findings.push({
        code: 'COMMIT_CONFLICT',
        severity: 'warning',
        subject: `wal/${runId}.wal`,
        message: `commit interrupted after ${last.record_type}: run \`rollgate recover\``,
      });
    }
    for (const name of await readdirIfPresent(join(store.layout.steps, runId))) {
      if (!/^\d+$/.test(name)) continue;
      heads++;
      try {
        const head = await readStepHead(store, runId, Number(name));
        if (head) await verifyChain(store, head);
      } catch (error) {
        findings.push(findingOf(error, `steps/${runId}/${name}`));
      }
    }
  }
  const gcLog = await verifyGcLog(join(store.layout.gc, 'log.jsonl'));
  for (const problem of gcLog.problems)
    findings.push({ code: 'GC_LOG_BROKEN', severity: 'error', subject: 'gc/log.jsonl', message: problem });
  findings.sort(
    (a, b) => compareText(a.subject, b.subject) || compareText(a.code, b.code) || compareText(a.message, b.message),
  );
  return {
    state_dir: store.layout.root,
    ok: findings.every((f) => f.severity !== 'error'),
    objects_checked: objects.length,
    runs_checked: runs.length,
    pointers_checked: pointers,
    step_heads_checked: heads,
    findings,
  };
}
