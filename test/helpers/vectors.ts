// Third-party vectors: files whose license allows it are vendored under test/vectors (with
// PROVENANCE.tsv); the others are read from ../shared/vectors when it is there (always in CI).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './run-dist.js';

export const sharedVectors = resolve(repoRoot, '../shared/vectors');
export const hasSharedVectors = existsSync(sharedVectors);
export const vendoredVectors = resolve(repoRoot, 'test/vectors');

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
