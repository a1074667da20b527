// The input specifications (src/specs): one per operator, read by its action and its CLI command.
// Both surfaces parse the same values into the same typed options, with the same defaults;
// optional inputs are undefined, never ''; a bad value is a coded error naming the input or the
// flag; the CLI's --help is generated from the spec (every flag of the spec, nothing else); and
// no driver repeats a default.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/deps.js';
import { addSpecOptions, readSpecOptions } from '../../src/cli/parse-options.js';
import { runCli } from '../../src/cli/program.js';
import { RollgateError } from '../../src/core/errors.js';
import * as commandSpecs from '../../src/specs/commands.js';
import { DEFAULT_CONFIG_PATH, DEFAULT_ENVIRONMENT, DEFAULT_STATE_DIR } from '../../src/specs/common.js';
import { flag, text, type RawValues, type Surface } from '../../src/specs/field.js';
import { OPERATOR_SPECS } from '../../src/specs/index.js';
import { describeField, type OperatorSpec } from '../../src/specs/spec.js';
import { repoRoot } from '../helpers/run-dist.js';
import { testHost } from '../helpers/host.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const D3 = `sha256:${'3'.repeat(64)}`;

/** Values for the required inputs, so that a spec parses. */
const REQUIRED: Record<string, Record<string, string>> = {
  'canary-stage': { state: D1 },
  gate: { state: D1 },
  'lock-verify': { lockfiles: 'uv.lock' },
  package: { 'output-dir': 'out', 'release-id': 'v1' },
  preflight: { manifest: 'release.json' },
  promote: { state: D1, environment: 'production', 'certificate-key': 'PEM' },
  rollback: { environment: 'production' },
};

/** The same values as each surface gives them: an action's list is text, the CLI's an array. */
function raw(spec: OperatorSpec, values: Record<string, string>, surface: Surface): RawValues {
  const out: Record<string, string | string[]> = {};
  for (const f of Object.values(spec.fields)) {
    const value = values[f.shape.name];
    if (value === undefined || !f.shape.surfaces.includes(surface)) continue;
    const listed = f.shape.cli.form === 'repeatable' || f.shape.cli.form === 'variadic';
    out[f.shape.name] = listed && surface === 'cli' ? value.split('\n') : value;
  }
  return out;
}

function thrown(run: () => unknown): RollgateError {
  try {
    run();
  } catch (error) {
    if (error instanceof RollgateError) return error;
    throw error;
  }
  throw new Error('expected a RollgateError');
}

const operators = Object.keys(OPERATOR_SPECS).sort();

describe.each(operators)('spec %s', (name) => {
  const spec = OPERATOR_SPECS[name]!;

  it('parses the same values into the same options on both surfaces, with the same defaults', () => {
    const action = spec.parse(raw(spec, REQUIRED[name]!, 'action'), 'action') as Record<string, unknown>;
    const cli = spec.parse(raw(spec, REQUIRED[name]!, 'cli'), 'cli') as Record<string, unknown>;
    // Fields of one surface only differ (certificate-key; --key, --tenant, ...): compare the rest.
    const shared = Object.keys(action).filter((key) => {
      const f = spec.fields[key];
      return f === undefined || f.shape.surfaces.length === 2;
    });
    for (const key of shared) expect({ key, value: cli[key] }).toEqual({ key, value: action[key] });
    if ('stateDir' in action) expect(action.stateDir).toBe(DEFAULT_STATE_DIR);
    if ('config' in action) expect(action.config).toBe(DEFAULT_CONFIG_PATH);
  });

  it('gives undefined, never an empty string, for an optional input left empty', () => {
    const empty = Object.fromEntries(Object.values(spec.fields).map((f) => [f.shape.name, '']));
    const options = spec.parse({ ...empty, ...REQUIRED[name] }, 'action') as Record<string, unknown>;
    const strings = JSON.stringify(options, (_k, v: unknown) => (v instanceof Uint8Array ? 'bytes' : v));
    expect(strings).not.toContain('""');
  });

  it('names the input (action) or the flag (CLI) when a required one is missing', () => {
    const required = Object.values(spec.fields).filter((f) => f.shape.required && f.shape.surfaces.length === 2);
    for (const f of required) {
      const values = { ...REQUIRED[name] };
      delete values[f.shape.name];
      const action = thrown(() => spec.parse(raw(spec, values, 'action'), 'action'));
      expect(action.code).toBe('INPUT_INVALID');
      expect(action.message).toMatch(new RegExp(`^input ${f.shape.name} is required`));
      const cli = thrown(() => spec.parse(raw(spec, values, 'cli'), 'cli'));
      expect(cli.code).toBe('INPUT_INVALID');
      expect(cli.message).toMatch(new RegExp(`^(--${f.shape.cli.flag}|argument ${f.shape.cli.flag}) is required`));
    }
  });

  it('describes every field in sentences, mentions every choice, and uses kebab-case names', () => {
    for (const f of Object.values(spec.fields)) {
      expect(f.shape.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(f.shape.cli.flag).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const surface of f.shape.surfaces) expect(describeField(f, surface)).toMatch(/[.)]$/);
      for (const c of f.shape.choices ?? []) expect(f.shape.description).toContain(c);
    }
  });
});

describe('the surfaces agree on values, lists and errors', () => {
  const stage = OPERATOR_SPECS['canary-stage']!;
  const gate = OPERATOR_SPECS.gate!;

  it('reads a list one item per line or comma in an action, one flag each on the CLI', () => {
    const action = gate.parse({ state: D1, shards: `${D2}\n ${D3} ,` }, 'action');
    const cli = gate.parse({ state: D1, shards: [D2, D3] }, 'cli');
    expect(cli).toEqual(action);
    expect(action).toMatchObject({
      environment: DEFAULT_ENVIRONMENT,
      shards: [expect.any(Uint8Array), expect.any(Uint8Array)],
    });
  });

  it('refuses a bad number, a bad choice and a rule between inputs, naming them on each surface', () => {
    const bad = (surface: Surface, values: Record<string, string>) =>
      thrown(() => stage.parse(raw(stage, { state: D1, ...values }, surface), surface)).message;
    expect(bad('action', { stage: '100' })).toBe('input stage must be a whole number from 0 to 99, got "100"');
    expect(bad('cli', { stage: 'x' })).toBe('--stage must be a whole number from 0 to 99, got "x"');
    expect(bad('action', { 'metrics-source': 'csv' })).toBe(
      'input metrics-source: expected one of file, command, prometheus, got "csv"',
    );
    expect(bad('cli', { 'metrics-source': 'csv' })).toBe(
      '--metrics-source: expected one of file, command, prometheus, got "csv"',
    );
    expect(bad('action', { stage: '1', cohort: '5' })).toBe('give stage or cohort, not both');
    expect(bad('cli', { stage: '1', cohort: '5' })).toBe('give --stage or --cohort, not both');
  });

  it('a field read by one surface gives the other its fallback: undefined once required, false for a switch', () => {
    const key = text('key', 'A key.').secret().required('a key').only('action');
    expect(key.read('pem', 'action')).toBe('pem');
    expect(thrown(() => key.read(undefined, 'action')).message).toBe('input key is required (a key)');
    expect(key.read('pem', 'cli')).toBeUndefined();
    expect(flag('json', 'JSON.').only('cli').read(undefined, 'action')).toBe(false);
    expect(text('tenant', 'A tenant.').only('cli').default('local/local').read(undefined, 'action')).toBe(
      'local/local',
    );
    expect(() => text('late', 'Too late.').only('cli').required()).toThrow(/required\(\) before only\(\)/);
  });

  it('derives the rollback reason from the state on both surfaces', () => {
    const rollback = OPERATOR_SPECS.rollback!;
    for (const surface of ['action', 'cli'] as const) {
      expect(rollback.parse({ environment: 'prod' }, surface)).toMatchObject({ reason: 'manual rollback' });
      expect(rollback.parse({ environment: 'prod', state: D1 }, surface)).toMatchObject({
        reason: 'a rollout failed',
      });
    }
  });

  it('commander collects what the spec parses: flags, repeated flags, arguments and switches', () => {
    const parse = (spec: OperatorSpec, argv: string[]) => {
      const command = addSpecOptions(new Command('x').exitOverride(), spec);
      command.parse(argv, { from: 'user' });
      return readSpecOptions(spec, command);
    };
    expect(parse(gate, ['--state', D1, '--shard', D2, '--shard', D3, '--json'])).toEqual(
      gate.parse({ state: D1, shards: [D2, D3], json: true }, 'cli'),
    );
    const lock = OPERATOR_SPECS['lock-verify']!;
    expect(parse(lock, ['a.lock', 'b.lock', '--mode', 'warn', '--force'])).toMatchObject({
      lockfiles: ['a.lock', 'b.lock'],
      mode: 'warn',
      force: true,
      json: false,
      stateDir: DEFAULT_STATE_DIR,
    });
  });
});

async function help(argv: string[]): Promise<string> {
  const out: string[] = [];
  const deps: CliDeps = {
    output: { out: (t) => void out.push(t), err: (t) => void out.push(t) },
    now: () => 0,
    host: testHost(),
    env: {},
  };
  expect(await runCli([...argv, '--help'], deps)).toBe(0);
  return out.join('\n');
}

const { stateDirSpec, ...onlyCli } = commandSpecs;
const CLI_SPECS: Array<[string[], OperatorSpec]> = [
  ...operators.map((name) => OPERATOR_SPECS[name]!),
  ...['verify', 'recover', 'status', 'health'].map((name) => stateDirSpec(name)),
  ...Object.values(onlyCli),
].map((spec) => [spec.name.split(' '), spec]);

describe.each(CLI_SPECS)('rollgate %j --help', (argv, spec) => {
  it('lists exactly the flags of the spec, each with its generated help', async () => {
    const text = await help(argv);
    const flat = text.replace(/\s+/g, ' ');
    const cliFields = Object.values(spec.fields).filter((f) => f.shape.surfaces.includes('cli'));
    const listed = [...text.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)/gm)].map((m) => m[1]).sort();
    const flags = cliFields
      .filter((f) => !['argument', 'variadic'].includes(f.shape.cli.form))
      .map((f) => f.shape.cli.flag);
    expect(listed).toEqual([...flags, 'help'].sort());
    for (const f of cliFields) {
      const described = `${describeField(f, 'cli')}${f.shape.required ? ' Required.' : ''}`;
      expect(flat).toContain(described.replace(/\s+/g, ' '));
    }
  });

  it('is readable for users: no issue numbers, no paths outside the repository', async () => {
    const text = await help(argv);
    expect(text).not.toMatch(/(^|[\s(])#\d+|\/work\/|\.\.\/|seeds\/|DESIGN\.md/m);
  });
});

it('no driver repeats a default: adapters and CLI commands hold no literal environment or state directory', () => {
  const dirs = ['src/adapters', 'src/cli', 'src/cli/commands'];
  for (const dir of dirs)
    for (const file of readdirSync(join(repoRoot, dir)).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(repoRoot, dir, file), 'utf8');
      expect({ file, staging: text.includes("'staging'"), stateDir: text.includes("'.rollgate'") }).toEqual({
        file,
        staging: false,
        stateDir: false,
      });
    }
});
