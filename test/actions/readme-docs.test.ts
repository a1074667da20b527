// The README's action tables are generated from the action.yml files and must be up to date.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-dist.js';

it('README.md action tables match the action.yml files (npm run docs regenerates them)', async () => {
  const { renderReadme } = (await import(resolve(repoRoot, 'scripts/gen-docs.mjs'))) as {
    renderReadme: (t: string) => Promise<string>;
  };
  const text = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
  expect(await renderReadme(text)).toBe(text);
  expect(text).toContain('| `lockfiles`');
  expect(text).toContain('| `policy-violations`');
});
