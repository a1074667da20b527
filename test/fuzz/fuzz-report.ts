// Where the fuzz counts go: one line per target on stdout, and counts.json in
// ROLLGATE_FUZZ_OUT (default <os tmpdir>/rollgate-fuzz, outside the work tree). Vitest runs each
// test file in its own fork, so each file writes its own part, then merges every part of the
// same vitest run (the forks share their parent's pid) into counts.json under a lock.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TargetCount {
  readonly target: string;
  readonly cases: number;
  /** Cases the entry accepted (the rest it refused with a coded error). */
  readonly accepted: number;
  readonly seed: number;
}

interface Part {
  readonly run: number;
  readonly counts: readonly TargetCount[];
}

export const FUZZ_OUT = process.env.ROLLGATE_FUZZ_OUT ?? join(tmpdir(), 'rollgate-fuzz');
const PARTS = join(FUZZ_OUT, 'parts');
const LOCK = join(FUZZ_OUT, 'counts.lock');
/** A lock older than this belongs to a fork that died holding it. */
const STALE_LOCK_MS = 10_000;

function writeAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function withLock(body: () => void): void {
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { force: true, recursive: true });
      Atomics.wait(wait, 0, 0, 20);
    }
  }
  try {
    body();
  } finally {
    rmdirSync(LOCK);
  }
}

/** Parts of this run, dropping those of finished runs (their vitest process is gone). */
function partsOfRun(run: number): Part[] {
  const parts: Part[] = [];
  for (const name of readdirSync(PARTS)) {
    const part = JSON.parse(readFileSync(join(PARTS, name), 'utf8')) as Part;
    if (part.run === run) parts.push(part);
    else if (!isAlive(part.run)) rmSync(join(PARTS, name), { force: true });
  }
  return parts;
}

export function reportCounts(counts: readonly TargetCount[], settings: { runs: number; seed: number }): void {
  if (counts.length === 0) return;
  for (const c of counts) console.log(`fuzz ${c.target}: ${c.cases} cases, seed ${c.seed}`);
  const run = process.ppid;
  mkdirSync(PARTS, { recursive: true });
  writeAtomic(
    join(PARTS, `${run}-${process.pid}-${counts[0]!.target.replace(/\W+/g, '_')}.json`),
    JSON.stringify({ run, counts }),
  );
  withLock(() => {
    const targets = partsOfRun(run)
      .flatMap((p) => p.counts)
      .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
    writeAtomic(join(FUZZ_OUT, 'counts.json'), `${JSON.stringify({ ...settings, targets }, null, 2)}\n`);
  });
}
