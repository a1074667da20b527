// File-system failures of the environment are the user's to fix, not rollgate bugs: a full disk,
// a used-up quota, a read-only mount, missing permissions, an I/O error, too many open files.
// Each becomes FILE_WRITE_FAILED or FILE_READ_FAILED naming the path and what to do about that
// errno. Writers wrap their own failures with writeFailed/readFailed; the CLI's error boundary
// turns any raw one that slipped through into the same coded error (environmentError).
import { RollgateError } from '../core/errors.js';

const ADVICE: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full: free some space (or use a directory on a larger disk) and run again',
  EDQUOT: 'the disk quota is used up: free some space or raise the quota, and run again',
  EROFS: 'the file system is mounted read-only: use a writable directory',
  EACCES: 'permission denied: check the owner and mode of the file and of its directory',
  EPERM: 'operation not permitted: check the owner, mode and attributes (immutable, append-only) of the file',
  EIO: 'the device reported an I/O error: check the disk, then run again',
  EMFILE: 'this process has too many open files: raise the limit (ulimit -n) and run again',
  ENFILE: 'the system has too many open files: close some programs or raise the limit, and run again',
  EFBIG: 'the file is larger than the file system or the process limit (ulimit -f) allows',
  EBUSY: 'the file or device is busy: run again once the other program has let go of it',
};

/** Errnos that only a write can raise: the operation was a write whatever the syscall. */
const WRITE_ERRNOS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG']);
const READ_SYSCALLS = new Set(['read', 'open', 'scandir', 'opendir', 'stat', 'lstat', 'fstat', 'access', 'readlink']);

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(verb: string, path: string | undefined, error: unknown): string {
  const errno = errnoOf(error);
  const advice = errno === undefined ? undefined : ADVICE[errno];
  const what = `${path === undefined ? `a ${verb.replace('cannot ', '')} failed` : `${path}: ${verb}`} (${errno ?? String(error)})`;
  return advice ? `${what}: ${advice}` : what;
}

/**
 * A failed write (or create, rename, link, fsync, remove) of `path` as FILE_WRITE_FAILED. What
 * is not a file-system error (a coded error already, or a bug) is returned unchanged.
 */
export function writeFailed(path: string, error: unknown, verb = 'cannot write'): unknown {
  if (error instanceof RollgateError || errnoOf(error) === undefined) return error;
  return new RollgateError('FILE_WRITE_FAILED', describe(verb, path, error), {
    diagnostics: { path, errno: errnoOf(error) ?? null },
    cause: error,
  });
}

/** A failed read of `path` as FILE_READ_FAILED; what is not a file-system error is returned unchanged. */
export function readFailed(path: string, error: unknown): unknown {
  if (error instanceof RollgateError || errnoOf(error) === undefined) return error;
  return new RollgateError('FILE_READ_FAILED', describe('cannot read', path, error), {
    diagnostics: { path, errno: errnoOf(error) ?? null },
    cause: error,
  });
}

/**
 * A raw Node file-system error of the environment (one of the errnos above) as its coded
 * error, or undefined for anything else, which stays what it is (a bug, when not coded).
 */
export function environmentError(error: unknown): RollgateError | undefined {
  if (!(error instanceof Error) || error instanceof RollgateError) return undefined;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (code === undefined || !(code in ADVICE) || typeof syscall !== 'string') return undefined;
  const reading = READ_SYSCALLS.has(syscall) && !WRITE_ERRNOS.has(code);
  if (reading) {
    return new RollgateError('FILE_READ_FAILED', describe('cannot read', path, error), {
      diagnostics: { path: path ?? null, errno: code, syscall },
      cause: error,
    });
  }
  return new RollgateError('FILE_WRITE_FAILED', describe('cannot write', path, error), {
    diagnostics: { path: path ?? null, errno: code, syscall },
    cause: error,
  });
}
