// Builds the artifact index VerifyArtifactHashes_v1 reads: a directory of downloaded files (a
// pip wheelhouse, a folder of tarballs), an npm cache (`_cacache`, files named by their
// sha512), or a JSON index listing files and digests. Files are streamed through every needed
// hash at once, several files in parallel; links are never followed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { Type } from '@sinclair/typebox';
import { RollgateError, compareText } from '../core/errors.js';
import { parseJsonText, schemaValidator, validateOrThrow } from '../core/schema.js';
import { distributionOf } from '../lock/distribution-name.js';
import type { HashAlgorithm } from '../lock/model.js';
import type { IndexedArtifact } from '../lock/verify-artifact-hashes.js';

const COMPUTABLE = ['sha256', 'sha384', 'sha512'] as const satisfies readonly HashAlgorithm[];

async function hashFile(
  path: string,
  algorithms: readonly HashAlgorithm[],
): Promise<Partial<Record<HashAlgorithm, string>>> {
  const hashes = algorithms.map((a) => [a, createHash(a)] as const);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    for (const [, h] of hashes) h.update(chunk as Buffer);
  return Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')]));
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareText(a.name, b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, path, out);
    else if (entry.isFile()) out.push(path);
    // Links, devices and sockets are not artifacts: skipped, never followed.
  }
}

/** `…/content-v2/sha512/ab/cd/<rest>` names a file by its digest in npm's cache. */
function cacheClaim(relativePath: string): IndexedArtifact['claimed'] {
  const parts = relativePath.split(sep);
  const at = parts.indexOf('content-v2');
  if (at < 0 || parts.length !== at + 5) return undefined;
  const algorithm = parts[at + 1] as HashAlgorithm;
  if (!(COMPUTABLE as readonly string[]).includes(algorithm)) return undefined;
  return { algorithm, hex: parts.slice(at + 2).join('') };
}

async function pool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

const JsonIndexSchema = Type.Object(
  {
    artifacts: Type.Array(
      Type.Object(
        {
          filename: Type.String({ minLength: 1 }),
          sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
          sha384: Type.Optional(Type.String({ pattern: '^[0-9a-f]{96}$' })),
          sha512: Type.Optional(Type.String({ pattern: '^[0-9a-f]{128}$' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const validateJsonIndex = schemaValidator(JsonIndexSchema);

/**
 * Reads an artifact index. `algorithms` are the ones the locks use, so a file is read once
 * whatever the number of digests. A JSON index's digests are taken as computed by its producer.
 */
export async function readArtifactIndex(
  location: string,
  algorithms: readonly HashAlgorithm[],
): Promise<IndexedArtifact[]> {
  const needed = COMPUTABLE.filter((a) => algorithms.includes(a));
  let info;
  try {
    info = await lstat(location);
  } catch (error) {
    throw new RollgateError('FILE_NOT_FOUND', `artifact index ${location}: no such file or directory`, {
      cause: error,
    });
  }
  if (info.isFile() && location.endsWith('.json')) {
    const doc = validateOrThrow(
      validateJsonIndex,
      parseJsonText(await readFile(location, 'utf8'), 'INPUT_INVALID', location),
      'INPUT_INVALID',
      location,
    );
    return doc.artifacts.map((a) => ({
      path: a.filename,
      filename: a.filename,
      computed: Object.fromEntries(COMPUTABLE.flatMap((alg) => (a[alg] ? [[alg, a[alg]]] : []))),
      ...(distributionOf(a.filename) ? { distribution: distributionOf(a.filename)! } : {}),
    }));
  }
  if (!info.isDirectory())
    throw new RollgateError('INPUT_INVALID', `artifact index ${location} must be a directory or a .json index`);
  const files: string[] = [];
  await walk(location, location, files);
  return pool(files, Math.max(2, availableParallelism()), async (path) => {
    const rel = relative(location, path);
    const claimed = cacheClaim(rel);
    const computed = await hashFile(path, claimed ? [...new Set([...needed, claimed.algorithm])] : needed);
    const filename = basename(path);
    const distribution = distributionOf(filename);
    return {
      path: rel,
      filename,
      computed,
      ...(claimed ? { claimed } : {}),
      ...(distribution ? { distribution } : {}),
    };
  });
}
