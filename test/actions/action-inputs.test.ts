// Every input the code reads is declared in that action's action.yml, and every declared input
// is read (codeql-action's undeclared-action-input check): the action.yml `inputs:` are exactly
// the operator's spec (src/specs), the definition reads exactly those, and npm run docs writes
// them. Every action runs on node24 from dist/ and declares no input defaults (defaults live in
// the spec or the config schema).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/action-shell/action-runtime.js';
import { ACTION_DEFINITIONS } from '../../src/adapters/registry.js';
import { rootAction } from '../../src/adapters/root-action.js';
import { OPERATOR_SPECS, actionYamlInputs } from '../../src/specs/index.js';
import { recordingRunner } from '../helpers/recording-runner.js';
import { repoRoot } from '../helpers/run-dist.js';
import { testHost } from '../helpers/host.js';

interface ActionYaml {
  inputs?: Record<string, { default?: unknown; required?: boolean; description?: string }>;
  outputs?: Record<string, unknown>;
  runs: { using: string; main: string };
}

const actionNames = readdirSync(join(repoRoot, 'actions'))
  .filter((n) => existsSync(join(repoRoot, 'actions', n, 'action.yml')))
  .sort();

const DIGEST = `sha256:${'0'.repeat(64)}`;

/** Parses with a raw object that records every name asked for (required ones get a value). */
function namesRead(name: string): string[] {
  const definition = ACTION_DEFINITIONS[name]!;
  const spec = OPERATOR_SPECS[name]!;
  const required = new Set(
    Object.values(spec.fields)
      .filter((f) => f.shape.required)
      .map((f) => f.shape.name),
  );
  const read: string[] = [];
  const raw = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, key) => {
        if (typeof key !== 'string') return undefined;
        read.push(key);
        return required.has(key) ? DIGEST : undefined;
      },
    },
  );
  try {
    definition.parseInputs(raw);
  } catch {
    // A rule between inputs (package: release-id or wasm-module) is checked after every read.
  }
  return read;
}

it('every action has a spec and every spec an action', () => {
  expect(Object.keys(OPERATOR_SPECS).sort()).toEqual(actionNames);
  expect(Object.keys(ACTION_DEFINITIONS).sort()).toEqual(actionNames);
});

describe.each(actionNames)('actions/%s/action.yml', (name) => {
  const yml = parse(readFileSync(join(repoRoot, 'actions', name, 'action.yml'), 'utf8')) as ActionYaml;
  const definition = ACTION_DEFINITIONS[name];
  const spec = OPERATOR_SPECS[name];

  it("declares exactly its spec's inputs, in its order, with its descriptions and required flags", () => {
    expect(spec).toBeDefined();
    const expected = actionYamlInputs(spec!);
    expect(Object.keys(yml.inputs ?? {})).toEqual(Object.keys(expected));
    expect(yml.inputs).toEqual(expected);
  });

  it('has a definition that reads exactly the declared inputs, masking the secret ones', () => {
    expect(definition).toBeDefined();
    const declared = Object.keys(yml.inputs ?? {});
    expect(definition!.inputs.map((i) => i.name)).toEqual(declared);
    expect(namesRead(name)).toEqual(declared);
    const secret = Object.values(spec!.fields)
      .filter((f) => f.shape.secret && f.shape.surfaces.includes('action'))
      .map((f) => f.shape.name);
    expect(definition!.inputs.filter((i) => i.secret).map((i) => i.name)).toEqual(secret);
  });

  it('is what npm run docs writes from the spec', async () => {
    const { renderAction } = (await import(resolve(repoRoot, 'scripts/gen-docs.mjs'))) as {
      renderAction: (n: string) => Promise<string>;
    };
    expect(readFileSync(join(repoRoot, 'actions', name, 'action.yml'), 'utf8')).toBe(await renderAction(name));
  });

  it('fails a bad input inside the error boundary: exit 1, INPUT_INVALID naming the input, in the summary too', async () => {
    const runner = recordingRunner();
    const status = await runAction(definition!, { runner, env: {}, now: () => 0, host: testHost() });
    expect(status).toBe(1);
    const first = Object.values(spec!.fields).find((f) => f.shape.required && f.shape.surfaces.includes('action'));
    expect(runner.annotations).toEqual([
      expect.objectContaining({
        title: `rollgate ${name}: INPUT_INVALID 2501`,
        message: expect.stringMatching(new RegExp(`^input ${first!.shape.name} is required`)) as string,
      }),
    ]);
    expect(runner.summary.join('')).toContain(`input ${first!.shape.name} is required`);
    // The root action dispatches to the same parse.
    const viaRoot = recordingRunner();
    viaRoot.input = (input) => (input === 'command' ? name : undefined);
    expect(await runAction(rootAction, { runner: viaRoot, env: {}, now: () => 0, host: testHost() })).toBe(1);
    expect(viaRoot.annotations.map((a) => a.message)).toEqual(runner.annotations.map((a) => a.message));
  });

  it('runs on node24 from its entry in dist/', () => {
    expect(yml.runs.using).toBe('node24');
    expect(yml.runs.main).toBe(`../../dist/actions/${name}.js`);
    expect(existsSync(join(repoRoot, 'dist', 'actions', `${name}.js`))).toBe(true);
    expect(existsSync(join(repoRoot, 'src', 'actions', `${name}.ts`))).toBe(true);
  });

  it('declares no input defaults: they live in the spec or the config schema', () => {
    for (const [input, inputSpec] of Object.entries(yml.inputs ?? {}))
      expect({ input, default: inputSpec.default }).toEqual({ input, default: undefined });
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
