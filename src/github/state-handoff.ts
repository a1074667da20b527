// State between jobs (DESIGN 3, 5): an action given `state` receives the bundle named after that
// head (unless its store already holds the verified chain: same job), and an action that outputs
// `state` publishes its bundle. On GitHub the transport is the run's artifacts; it can be set with
// ROLLGATE_STATE_TRANSPORT: `artifacts`, `directory:<path>` (local runs, tests, the demo) or
// `none` (the jobs share a state directory). The artifact client loads only when it is used.
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { RollgateError } from '../core/errors.js';
import { ObjectStore } from '../store/object-store.js';
import { publishState, receiveState } from '../store/state-exchange.js';
import type { StateTransport } from '../store/state-transport.js';
import { verifyChain } from '../store/step-heads.js';

export type TransportChoice =
  { readonly kind: 'none' } | { readonly kind: 'artifacts' } | { readonly kind: 'directory'; readonly dir: string };

export function transportChoice(env: NodeJS.ProcessEnv): TransportChoice {
  const setting = env.ROLLGATE_STATE_TRANSPORT?.trim();
  if (setting === undefined || setting === '')
    return env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL ? { kind: 'artifacts' } : { kind: 'none' };
  if (setting === 'none' || setting === 'artifacts') return { kind: setting };
  if (setting.startsWith('directory:') && setting.length > 'directory:'.length)
    return { kind: 'directory', dir: setting.slice('directory:'.length) };
  throw new RollgateError(
    'INPUT_INVALID',
    `ROLLGATE_STATE_TRANSPORT must be artifacts, directory:<path> or none, got ${JSON.stringify(setting)}`,
  );
}

export interface StateHandoff {
  receive(stateDir: string, heads: readonly Uint8Array[]): Promise<void>;
  publish(stateDir: string, head: Uint8Array): Promise<void>;
}

export async function openHandoff(env: NodeJS.ProcessEnv): Promise<StateHandoff | undefined> {
  const choice = transportChoice(env);
  if (choice.kind === 'none') return undefined;
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  let transport: StateTransport;
  if (choice.kind === 'directory') {
    const { directoryTransport } = await import('../store/directory-transport.js');
    transport = directoryTransport(resolve(workspace, choice.dir));
  } else {
    const { githubArtifactTransport } = await import('./artifact-transport.js');
    transport = githubArtifactTransport();
  }
  const tmp = env.RUNNER_TEMP ?? tmpdir();
  const storeOf = (stateDir: string) => new ObjectStore(resolve(workspace, stateDir));
  return {
    async receive(stateDir, heads) {
      const store = storeOf(stateDir);
      for (const head of heads) {
        try {
          await verifyChain(store, head);
          continue; // this store already holds it (the same job)
        } catch (error) {
          if (!(error instanceof RollgateError)) throw error;
        }
        await receiveState(store, head, transport, tmp);
      }
    },
    async publish(stateDir, head) {
      await publishState(storeOf(stateDir), head, transport, tmp);
    },
  };
}
