// The layering rule can fail, and the architecture page shows the list it is made from. The rule
// runs as lint does (the depcruise CLI with .dependency-cruiser.mjs) on a small tree in a temp
// directory: imports down the list pass; an upward import, a peer import, a module of no layer
// and a cycle each fail, naming the rule and the import.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-dist.js';

interface LayersModule {
  LAYERS: ReadonlyArray<{ parts: readonly string[]; holds: string }>;
  renderArchitecture(text: string): string;
  layerDiagram(): string;
}
const layers = (await import(resolve(repoRoot, 'scripts/layers.mjs'))) as LayersModule;

const tmp = mkdtempSync(join(tmpdir(), 'rollgate-layers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs depcruise with the repository's config on `files` (path → source) under a fresh root. */
function cruise(name: string, files: Record<string, string>): { status: number | null; violations: string[] } {
  const root = join(tmp, name);
  const tsconfig = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } };
  for (const [path, text] of Object.entries({ ...files, 'tsconfig.json': JSON.stringify(tsconfig) })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const run = spawnSync(
    process.execPath,
    [
      resolve(repoRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      '--config',
      resolve(repoRoot, '.dependency-cruiser.mjs'),
      'src',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  // The err reporter (lint's): `error <rule>: <from> → <to>`, a cycle's next module on the next line.
  const violations = [...run.stdout.matchAll(/error (\S+): (\S+) →\s+(\S+)/g)]
    .map(([, rule, from, to]) => `${rule}: ${from} → ${to}`)
    .sort();
  return { status: run.status, violations };
}

describe('the layering rule (npm run lint)', () => {
  it('passes imports that point down the list, within a folder, and from an entry to its own folder', () => {
    const run = cruise('down', {
      'src/core/bytes.ts': 'export const one = 1;\n',
      'src/util/read.ts': "import { one } from '../core/bytes.js';\nexport const read = one;\n",
      'src/store/heads.ts': "import { read } from '../util/read.js';\nexport const heads = read;\n",
      'src/store/gc.ts': "import { heads } from './heads.js';\nexport const gc = heads;\n",
      'src/deploy/gate.ts': "import type { gc } from '../store/gc.js';\nexport type Gate = typeof gc;\n",
      'src/cli/program.ts': "export const program = await import('../deploy/gate.js');\n",
      'src/cli/main.ts': "import { program } from './program.js';\nexport default program;\n",
    });
    expect(run.violations).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('fails an upward import, a peer import, a module of no layer and a cycle', () => {
    const run = cruise('up', {
      'src/core/bytes.ts': 'export const one = 1;\n',
      'src/store/heads.ts': "import { one } from '../core/bytes.js';\nexport const heads = one;\n",
      'src/core/upward.ts': "import { heads } from '../store/heads.js';\nexport const up = heads;\n",
      'src/lock/model.ts': 'export const model = 1;\n',
      'src/deploy/gate.ts': "import type { model } from '../lock/model.js';\nexport type M = typeof model;\n",
      'src/cli/program.ts': "export const main = () => import('./main.js');\n",
      'src/cli/main.ts': 'export const entry = 1;\n',
      'src/misc/thing.ts': "import { one } from '../core/bytes.js';\nexport const thing = one;\n",
      'src/util/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/util/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(run.status).not.toBe(0);
    expect(run.violations).toEqual([
      'layer:src/cli/: src/cli/program.ts → src/cli/main.ts',
      'layer:src/core/: src/core/upward.ts → src/store/heads.ts',
      'layer:src/deploy/: src/deploy/gate.ts → src/lock/model.ts',
      'layer:unplaced-importer: src/misc/thing.ts → src/core/bytes.ts',
      'no-circular: src/util/a.ts → src/util/b.ts',
    ]);
  });
});

describe('docs/architecture.md', () => {
  it('shows the layer list the rule is made from (node scripts/layers.mjs rewrites it)', () => {
    const text = readFileSync(resolve(repoRoot, 'docs/architecture.md'), 'utf8');
    expect(layers.renderArchitecture(text)).toBe(text);
    for (const layer of layers.LAYERS) for (const part of layer.parts) expect(text).toContain(part);
  });
});
