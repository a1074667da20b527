// Reading the files rollgate is given, bounded: every kind of file has a size limit (docs/limits.md
// lists them), checked before the bytes are read and again while reading (a file that grows, a
// device or a pipe), so a wrong path or a hostile file cannot exhaust memory. Absent is
// undefined; anything else that stops the read is a coded FILE_READ_FAILED naming the file.
// Inputs that must be regular files (a state bundle) are opened with openRegularFile.
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { ErrorCode } from '../core/error-codes.js';
import { RollgateError } from '../core/errors.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** The size limit of each kind of file, in bytes: far above any real one, far below the heap. */
export const READ_LIMITS = {
  /** The config (`.github/rollgate.yml`): a few KiB in practice. */
  config: 1 * MiB,
  /** A trust store or a revocation bundle: one short JSON entry per key. */
  trust: 4 * MiB,
  /** A PEM key file: under 200 bytes for Ed25519. */
  key: 64 * KiB,
  /** A metrics JSON file: a handful of numbers. */
  metrics: 1 * MiB,
  /** A release document (release.json): the manifest, its hash and signatures. */
  release: 16 * MiB,
  /** state.json and runtime-events.jsonl: they grow by one entry per stage or cycle. */
  state: 64 * MiB,
  /** A lockfile or a workflow: the largest public lockfiles are a few tens of MiB. */
  lockfile: 64 * MiB,
  /** A document 001 fixture and its manifests. */
  fixture: 16 * MiB,
  /** A WASM module to package or a fixture's artifact. */
  wasm: 128 * MiB,
  /** A retention policy (`rollgate gc --retention`): a few classes, each with an age. */
  retention: 1 * MiB,
  /** An ExecutionCertificate (CBOR, `rollgate verify-certificate`): about 1 KiB. */
  certificate: 1 * MiB,
} as const;

export type ReadKind = keyof typeof READ_LIMITS;

const CHUNK = 64 * KiB;

function tooLarge(path: string, kind: ReadKind, size: number | undefined, code: ErrorCode): RollgateError {
  const limit = READ_LIMITS[kind];
  return new RollgateError(
    code,
    `${path}: ${size === undefined ? `more than ${limit}` : size} bytes, over the ${limit}-byte limit for a ${kind} file: check that the path names the right file (docs/limits.md lists the limits)`,
    { diagnostics: { path, limit, kind } },
  );
}

/**
 * The bytes of `path`, or undefined when it does not exist; over the kind's limit is
 * INPUT_TOO_LARGE (or `code`, for a reader whose callers expect their own invalid code).
 */
export async function readBytesIfPresent(
  path: string,
  kind: ReadKind,
  code: ErrorCode = 'INPUT_TOO_LARGE',
): Promise<Uint8Array | undefined> {
  const limit = READ_LIMITS[kind];
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') return undefined;
    throw new RollgateError('FILE_READ_FAILED', `${path}: cannot read (${errno})`, { cause: error });
  }
  try {
    const { size } = await handle.stat();
    if (size > limit) throw tooLarge(path, kind, size, code);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of readChunksBounded(handle, limit, () => tooLarge(path, kind, undefined, code))) {
      chunks.push(chunk);
      total += chunk.length;
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } catch (error) {
    if (error instanceof RollgateError) throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    throw new RollgateError('FILE_READ_FAILED', `${path}: cannot read (${errno})`, { cause: error });
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of an open file from its current position, in fresh chunks of at most 64 KiB,
 * counted as they are read: once more than `limit` bytes have come, `over()` is thrown, whatever
 * stat said (a file that grows, a device, a pipe). At most `limit + 1` bytes are ever read.
 */
export async function* readChunksBounded(
  handle: FileHandle,
  limit: number,
  over: () => Error,
): AsyncGenerator<Uint8Array, void, undefined> {
  let total = 0;
  for (;;) {
    const chunk = new Uint8Array(Math.min(CHUNK, limit + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return;
    total += bytesRead;
    if (total > limit) throw over();
    yield chunk.subarray(0, bytesRead);
  }
}

/** What a path names, when it is not a regular file: for the message. */
function kindOf(s: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

// O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one forever (it is refused
// after the open, by fstat); O_NOCTTY: a terminal never becomes the process's controlling one.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Opens `path` for reading only if it is a regular file, and returns the handle (the caller
 * closes it) with the size fstat reports. Symbolic links are followed: what is checked is the
 * file actually opened (fstat on the handle, so a swap after the first stat cannot slip a device
 * in), and a link to a device, FIFO, socket or directory is refused like the thing itself
 * (FILE_NOT_REGULAR). Absent is FILE_NOT_FOUND naming `what`; other failures FILE_READ_FAILED.
 * The size is only a first check: read with readChunksBounded, which counts what really comes.
 */
export async function openRegularFile(path: string, what: string): Promise<{ handle: FileHandle; size: number }> {
  const failed = (error: unknown): RollgateError => {
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT' || errno === 'ENOTDIR')
      return new RollgateError('FILE_NOT_FOUND', `${path}: no such ${what}`, { cause: error });
    // Opening a socket fails with ENXIO, a directory on some systems with EISDIR.
    if (errno === 'ENXIO' || errno === 'EISDIR') return notRegular(path, what, 'not a regular file');
    return new RollgateError('FILE_READ_FAILED', `${what} ${path}: cannot read (${errno})`, { cause: error });
  };
  // Refused before opening when possible: opening a device can have effects of its own.
  let before;
  try {
    before = await stat(path);
  } catch (error) {
    throw failed(error);
  }
  if (!before.isFile()) throw notRegular(path, what, kindOf(before));
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw failed(error);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegular(path, what, kindOf(opened));
    return { handle, size: opened.size };
  } catch (error) {
    await handle.close();
    throw error instanceof RollgateError ? error : failed(error);
  }
}

function notRegular(path: string, what: string, kind: string): RollgateError {
  return new RollgateError(
    'FILE_NOT_REGULAR',
    `${what} ${path} is ${kind}: only a regular file is read here (a device, FIFO, socket or directory is refused, through a symbolic link too)`,
    { diagnostics: { path } },
  );
}

/** The text of `path` (UTF-8), or undefined when it does not exist; bounded as readBytesIfPresent. */
export async function readTextIfPresent(
  path: string,
  kind: ReadKind,
  code: ErrorCode = 'INPUT_TOO_LARGE',
): Promise<string | undefined> {
  const bytes = await readBytesIfPresent(path, kind, code);
  return bytes === undefined
    ? undefined
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The bytes of `path`, bounded as readBytesIfPresent; absent is FILE_NOT_FOUND naming `what`. */
export async function readBytesRequired(path: string, kind: ReadKind, what: string): Promise<Uint8Array> {
  const bytes = await readBytesIfPresent(path, kind);
  if (bytes === undefined) throw new RollgateError('FILE_NOT_FOUND', `${what} ${path}: no such file`);
  return bytes;
}

/** The text of `path` (UTF-8), bounded as readBytesIfPresent; absent is FILE_NOT_FOUND naming `what`. */
export async function readTextRequired(path: string, kind: ReadKind, what: string): Promise<string> {
  const bytes = await readBytesRequired(path, kind, what);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
