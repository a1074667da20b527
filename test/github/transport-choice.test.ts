// The transport choice reads only the environment, and the bundle code (state-exchange, which
// pulls in tar-stream) loads only when a transport is used: an action whose state stays in a
// shared directory (`none`) never loads it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RollgateError } from '../../src/core/errors.js';
import { runAction, type ActionDefinition } from '../../src/action-shell/action-runtime.js';
import { transportChoice } from '../../src/github/transport-choice.js';
import { recordingRunner } from '../helpers/recording-runner.js';
import { testHost } from '../helpers/host.js';

const loaded = vi.hoisted(() => ({ stateExchange: 0, stateHandoff: 0 }));

vi.mock('../../src/store/state-exchange.js', async (importOriginal) => {
  loaded.stateExchange++;
  return await importOriginal();
});
vi.mock('../../src/github/state-handoff.js', async (importOriginal) => {
  loaded.stateHandoff++;
  return await importOriginal();
});

describe('transportChoice', () => {
  it.each([
    [{}, { kind: 'none' }],
    [{ ACTIONS_RUNTIME_TOKEN: 't' }, { kind: 'none' }],
    [{ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results' }, { kind: 'artifacts' }],
    [{ ROLLGATE_STATE_TRANSPORT: ' none ', ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'u' }, { kind: 'none' }],
    [{ ROLLGATE_STATE_TRANSPORT: 'artifacts' }, { kind: 'artifacts' }],
    [{ ROLLGATE_STATE_TRANSPORT: 'directory:out/states' }, { kind: 'directory', dir: 'out/states' }],
    [{ ROLLGATE_STATE_TRANSPORT: '' }, { kind: 'none' }],
  ] as const)('%o is %o', (env, choice) => {
    expect(transportChoice(env)).toEqual(choice);
  });

  it.each(['directory:', 's3://bucket', 'Artifacts'])('refuses %j with INPUT_INVALID', (setting) => {
    expect(() => transportChoice({ ROLLGATE_STATE_TRANSPORT: setting })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }) as RollgateError,
    );
  });
});

const stateful: ActionDefinition<Record<string, never>> = {
  name: 'probe',
  inputs: [],
  parseInputs: () => ({}),
  state: { dir: () => '.rollgate', heads: () => [] },
  run: () => Promise.resolve({ outputs: {}, summary: '', annotations: [] }),
};

// Mock factories run once per file, when a module is first loaded: these tests run in order.
describe('loading the bundle code', () => {
  it('an action with transport none loads neither the handoff nor the bundle code', async () => {
    const runner = recordingRunner();
    const env = { ROLLGATE_STATE_TRANSPORT: 'none', GITHUB_WORKSPACE: mkdtempSync(join(tmpdir(), 'rg-tc-')) };
    expect(await runAction(stateful, { runner, env, now: () => 0, host: testHost() })).toBe(0);
    expect(runner.annotations).toEqual([]);
    expect(loaded).toEqual({ stateExchange: 0, stateHandoff: 0 });
  });

  it('a bad setting fails the step with INPUT_INVALID before anything loads', async () => {
    const runner = recordingRunner();
    expect(
      await runAction(stateful, { runner, env: { ROLLGATE_STATE_TRANSPORT: 'ftp' }, now: () => 0, host: testHost() }),
    ).toBe(1);
    expect(runner.annotations[0]?.title).toContain('INPUT_INVALID');
    expect(loaded).toEqual({ stateExchange: 0, stateHandoff: 0 });
  });

  it('the handoff module alone does not load the bundle code; opening a transport does', async () => {
    const { openHandoff } = await import('../../src/github/state-handoff.js');
    expect(loaded.stateExchange).toBe(0);
    expect(await openHandoff({ ROLLGATE_STATE_TRANSPORT: 'none' }, tmpdir())).toBeUndefined();
    expect(loaded.stateExchange).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'rg-tc-'));
    const handoff = await openHandoff({ ROLLGATE_STATE_TRANSPORT: `directory:${dir}` }, dir);
    expect(handoff).toBeDefined();
    expect(loaded.stateExchange).toBe(1);
  });

  it('an action with a directory transport opens the handoff and runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-tc-'));
    const runner = recordingRunner();
    const env = { ROLLGATE_STATE_TRANSPORT: `directory:${dir}`, GITHUB_WORKSPACE: dir };
    expect(await runAction(stateful, { runner, env, now: () => 0, host: testHost() })).toBe(0);
    expect(runner.annotations).toEqual([]);
    expect(loaded).toEqual({ stateExchange: 1, stateHandoff: 1 });
  });
});
