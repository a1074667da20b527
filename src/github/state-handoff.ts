// State between jobs (DESIGN 3, 5): an action given `state` receives the bundle named after that
// head (unless its store already holds the verified chain: same job), and an action that outputs
// `state` publishes its bundle. The transport is chosen by transport-choice.ts; the bundle code
// (tar-stream), the artifact client and the directory transport load only when one is used.
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { RollgateError } from '../core/errors.js';
import { ObjectStore } from '../store/object-store.js';
import type { StateTransport } from '../store/state-transport.js';
import { verifyChain } from '../store/step-heads.js';
import { transportChoice, type TransportChoice } from './transport-choice.js';

export interface StateHandoff {
  receive(stateDir: string, heads: readonly Uint8Array[]): Promise<void>;
  publish(stateDir: string, head: Uint8Array): Promise<void>;
}

/**
 * The handoff for `choice` (by default the environment's), or undefined when it is `none`; a
 * directory transport's relative path starts at `workspace`.
 */
export async function openHandoff(
  env: NodeJS.ProcessEnv,
  workspace: string,
  choice: TransportChoice = transportChoice(env),
): Promise<StateHandoff | undefined> {
  if (choice.kind === 'none') return undefined;
  let transport: StateTransport;
  if (choice.kind === 'directory') {
    const { directoryTransport } = await import('../store/directory-transport.js');
    transport = directoryTransport(resolve(workspace, choice.dir));
  } else {
    const { githubArtifactTransport } = await import('./artifact-transport.js');
    transport = githubArtifactTransport();
  }
  const { publishState, receiveState } = await import('../store/state-exchange.js');
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
