// The adversarial contract (DESIGN 10): hostile input ends in a coded RollgateError or a
// result, within a time bound, and a hang or a quadratic blow-up fails the bound.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/core/error-codes.js';
import { RollgateError } from '../../src/core/errors.js';

/** Generous: the bug this catches is a hang or a quadratic blow-up, not a slow machine. */
export const TIME_BOUND_MS = 5_000;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: RollgateError };

/**
 * Runs `run` and returns its value or its coded error. Anything else thrown (a TypeError, a
 * RangeError from a stack overflow, a non-Error) fails the test, and so does a coded error
 * outside `allowed` (when given) or a run over the time bound.
 */
export async function settle<T>(
  run: () => T | Promise<T>,
  allowed?: readonly ErrorCode[],
  boundMs = TIME_BOUND_MS,
): Promise<Outcome<T>> {
  const started = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await run() };
  } catch (error) {
    if (!(error instanceof RollgateError)) {
      throw new Error(
        `not a coded error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        {
          cause: error,
        },
      );
    }
    expect(Object.keys(ERROR_CODES)).toContain(error.code);
    if (allowed) expect(allowed).toContain(error.code);
    outcome = { ok: false, error };
  }
  expect(performance.now() - started).toBeLessThan(boundMs);
  return outcome;
}

/** Like settle, but the input must be refused with one of `codes`. */
export async function refused(run: () => unknown, codes: readonly ErrorCode[]): Promise<RollgateError> {
  const outcome = await settle(run, codes);
  if (outcome.ok) throw new Error(`expected a refusal with ${codes.join(' or ')}, got a result`);
  return outcome.error;
}

/**
 * Every entry under `dir` with, for files, the size and the SHA-256 of the bytes (size and
 * mtime only past 64 MB, e.g. a sparse bundle), to prove nothing changed.
 */
export function snapshotTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const stat = statSync(path);
      if (!stat.isFile()) return `${name}/`;
      if (stat.size > 64 * 1024 * 1024) return `${name} ${stat.size} ${stat.mtimeMs}`;
      return `${name} ${stat.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    });
}

/** Cuts a document at `count` offsets spread over its length (the start and the end included). */
export function cutPoints(length: number, count: number): number[] {
  const points = new Set<number>();
  for (let i = 0; i < count; i++) points.add(Math.floor((i * (length - 1)) / (count - 1)));
  return [...points];
}

/** `depth` nested openers then closers, e.g. nested('[', ']', 3) is `[[[]]]`. */
export function nested(open: string, close: string, depth: number, inner = ''): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

export const TEN_MB = 10 * 1024 * 1024;
