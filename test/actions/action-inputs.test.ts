// Every input the code reads is declared in that action's action.yml, and every declared input
// is read (codeql-action's undeclared-action-input check); every action runs on node24 from
// dist/, and declares no input defaults (defaults live in the schemas).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_DEFINITIONS } from '../../src/adapters/registry.js';
import { repoRoot } from '../helpers/run-dist.js';

interface ActionYaml {
  inputs?: Record<string, { default?: unknown; required?: boolean }>;
  outputs?: Record<string, unknown>;
  runs: { using: string; main: string };
}

const actionNames = readdirSync(join(repoRoot, 'actions'))
  .filter((n) => existsSync(join(repoRoot, 'actions', n, 'action.yml')))
  .sort();

describe.each(actionNames)('actions/%s/action.yml', (name) => {
  const yml = parse(readFileSync(join(repoRoot, 'actions', name, 'action.yml'), 'utf8')) as ActionYaml;
  const definition = ACTION_DEFINITIONS[name];

  it('has a definition whose inputs are exactly the declared ones', () => {
    expect(definition).toBeDefined();
    expect(definition!.inputs.map((i) => i.name).sort()).toEqual(Object.keys(yml.inputs ?? {}).sort());
  });

  it('runs on node24 from its entry in dist/', () => {
    expect(yml.runs.using).toBe('node24');
    expect(yml.runs.main).toBe(`../../dist/actions/${name}.js`);
    expect(existsSync(join(repoRoot, 'dist', 'actions', `${name}.js`))).toBe(true);
    expect(existsSync(join(repoRoot, 'src', 'actions', `${name}.ts`))).toBe(true);
  });

  it('declares no input defaults: they live in the schemas', () => {
    for (const [input, spec] of Object.entries(yml.inputs ?? {})) {
      if (input === 'github-token') continue;
      expect({ input, default: spec.default }).toEqual({ input, default: undefined });
    }
  });
});

it('every entry in src/actions has an action.yml (the root action, rollgate, at the repository root)', () => {
  const entries = readdirSync(join(repoRoot, 'src', 'actions'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  expect(entries).toEqual([...actionNames, 'rollgate'].sort());
  expect(existsSync(join(repoRoot, 'action.yml'))).toBe(true);
});
