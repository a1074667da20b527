// A failed write is the user's environment, not a rollgate bug: a full disk, a read-only mount,
// no permission, an I/O error, too many open files are FILE_WRITE_FAILED (or FILE_READ_FAILED)
// naming the path and what to do, exit 1, with no temporary file left behind. Tested for real on
// tiny tmpfs mounts (ENOSPC) and a read-only one (EROFS) when this process may mount (root in
// the sandbox; skipped elsewhere), and through the error boundary with the errors Node raises.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/deps.js';
import { EXIT_BUG, EXIT_USER, describeError, exitCodeFor } from '../../src/cli/error-boundary.js';
import type { CliOutput } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/program.js';
import { isRollgateError } from '../../src/core/errors.js';
import { writeFileAtomic } from '../../src/store/atomic-write.js';
import { appendGcLog, verifyGcLog } from '../../src/store/gc-log.js';
import { environmentError } from '../../src/store/fs-error.js';
import { testHost } from '../helpers/host.js';

const mounts: string[] = [];

/** A fresh tmpfs of `size` (e.g. '64k'), or undefined when this process may not mount. */
function tmpfs(size: string, readOnly = false): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
  } catch {
    return undefined;
  }
  mounts.push(dir);
  return dir;
}

const canMount = (() => {
  const dir = tmpfs('4k');
  return dir !== undefined;
})();

afterAll(() => {
  for (const dir of mounts.reverse()) execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
});

function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files.push(join(d, e.name));
    }
  };
  walk(dir);
  return files;
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: CliOutput = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const deps: CliDeps = { output, now: () => Math.floor(Date.now() / 1000), env: {}, host: testHost() };
  const code = await runCli(argv, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.skipIf(!canMount)('on a real full disk (tmpfs)', () => {
  it('writeFileAtomic: FILE_WRITE_FAILED naming the path, ENOSPC and what to do; the temporary is removed', async () => {
    const dir = tmpfs('64k')!;
    const path = join(dir, 'sub', 'big.bin');
    const error: unknown = await writeFileAtomic(path, new Uint8Array(256 * 1024)).catch((e: unknown) => e);
    expect(isRollgateError(error, 'FILE_WRITE_FAILED'), String(error)).toBe(true);
    expect((error as Error).message).toBe(
      `${path}: cannot write (ENOSPC): the disk is full: free some space (or use a directory on a larger disk) and run again`,
    );
    expect(exitCodeFor(error)).toBe(EXIT_USER);
    expect(filesUnder(dir)).toEqual([]);
  });

  it.each(['64k', '160k', '320k'])(
    'rollgate demo on a %s disk: exit 1 with FILE_WRITE_FAILED and the full disk named, never INTERNAL_ERROR; no temporaries left',
    async (size) => {
      const dir = tmpfs(size)!;
      const run = await cli(['demo', '--dir', join(dir, 'demo')]);
      expect(run.err).not.toMatch(/INTERNAL_ERROR/);
      expect(run.err).toMatch(/^error\[FILE_WRITE_FAILED 2504\]: .*\(ENOSPC\): the disk is full/m);
      expect(run.code).toBe(1);
      expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
  );

  it('a GC log append that does not fit is cut back off: the log is as before and still verifies', async () => {
    const dir = tmpfs('64k')!;
    const log = join(dir, 'gc', 'log.jsonl');
    const entry = (i: number) => ({
      time_utc: '2026-01-01T00:00:00Z',
      action: 'delete_object' as const,
      subject: `sha256:${i.toString(16).padStart(64, '0')}`,
      class: 'ephemeral',
      reason: 'unreachable from every root',
    });
    await appendGcLog(log, [entry(0), entry(1)]);
    const before = readFileSync(log);
    // Fill the disk.
    let n = 0;
    try {
      for (;;) writeFileSync(join(dir, `fill-${n++}`), new Uint8Array(4096));
    } catch {
      // ENOSPC: full.
    }
    const error: unknown = await appendGcLog(
      log,
      Array.from({ length: 400 }, (_, i) => entry(i + 2)),
    ).catch((e: unknown) => e);
    expect(isRollgateError(error, 'FILE_WRITE_FAILED'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/gc\/log\.jsonl: cannot write \(ENOSPC\): the disk is full/);
    expect(readFileSync(log)).toEqual(before);
    expect((await verifyGcLog(log)).problems).toEqual([]);
  });

  it('a read-only file system: FILE_WRITE_FAILED with EROFS and what to do', async () => {
    const dir = tmpfs('64k', true)!;
    const error: unknown = await writeFileAtomic(join(dir, 'x.json'), '{}').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/x\.json: cannot write \(EROFS\): the file system is mounted read-only/);
    expect(exitCodeFor(error)).toBe(EXIT_USER);
  });
});

describe('a raw file-system error that no writer wrapped', () => {
  const raw = (code: string, syscall: string, path?: string) =>
    Object.assign(new Error(`${code}: something, ${syscall}`), { code, syscall, ...(path ? { path } : {}) });

  it.each([
    ['ENOSPC', 'write', undefined, 'FILE_WRITE_FAILED', 'a write failed (ENOSPC): the disk is full'],
    ['EDQUOT', 'open', '/s/x', 'FILE_WRITE_FAILED', '/s/x: cannot write (EDQUOT): the disk quota is used up'],
    ['EROFS', 'mkdir', '/s', 'FILE_WRITE_FAILED', '/s: cannot write (EROFS): the file system is mounted read-only'],
    ['EACCES', 'rename', '/s/a', 'FILE_WRITE_FAILED', '/s/a: cannot write (EACCES): permission denied'],
    ['EACCES', 'open', '/s/a', 'FILE_READ_FAILED', '/s/a: cannot read (EACCES): permission denied'],
    ['EIO', 'fsync', undefined, 'FILE_WRITE_FAILED', '(EIO): the device reported an I/O error'],
    ['EMFILE', 'open', '/s/b', 'FILE_READ_FAILED', '/s/b: cannot read (EMFILE): this process has too many open files'],
  ])("%s in %s is the user's (exit 1): %s", (code, syscall, path, coded, message) => {
    const error = raw(code, syscall, path);
    expect(environmentError(error)?.code).toBe(coded);
    expect(exitCodeFor(error)).toBe(EXIT_USER);
    expect(describeError(error, false)).toContain(message);
    expect(describeError(error, false)).not.toContain('INTERNAL_ERROR');
  });

  it('a bug stays a bug: ENOENT, a TypeError, a non-Error throw', () => {
    for (const error of [raw('ENOENT', 'open', '/x'), new TypeError('x is not a function'), 'a string']) {
      expect(environmentError(error)).toBeUndefined();
      expect(exitCodeFor(error)).toBe(EXIT_BUG);
    }
  });
});
