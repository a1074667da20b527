// Golden files: compared byte for byte; `UPDATE_GOLDEN=1` rewrites them (then review the diff).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './run-dist.js';

export function expectGolden(relativePath: string, actual: string): void {
  const path = resolve(repoRoot, 'test/golden', relativePath);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI && !existsSync(path))
      throw new Error(`golden file ${relativePath} is missing; run UPDATE_GOLDEN=1 locally`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
