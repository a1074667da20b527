// The root action (`uses: <owner>/rollgate@<sha>` with `command:`): every operator behind one
// input, for single-step use and the Marketplace listing. It dispatches to the same definitions
// the per-action entries use, so inputs, outputs, summaries and state handling are identical.
import { RollgateError } from '../core/errors.js';
import type { ActionDefinition, ActionInputSpec, RawInputs } from '../action-shell/action-runtime.js';
import { DEFAULT_STATE_DIR } from '../specs/common.js';
import { ACTION_DEFINITIONS } from './registry.js';

interface Dispatched {
  readonly definition: ActionDefinition<unknown>;
  readonly inputs: unknown;
}

/** Every input of every action once, secret if any action treats it as a secret. */
function unionInputs(): ActionInputSpec[] {
  const byName = new Map<string, ActionInputSpec>();
  for (const definition of Object.values(ACTION_DEFINITIONS))
    for (const spec of definition.inputs) {
      const known = byName.get(spec.name);
      byName.set(spec.name, known?.secret || spec.secret ? { name: spec.name, secret: true } : { name: spec.name });
    }
  return [{ name: 'command' }, ...[...byName.values()].sort((a, b) => a.name.localeCompare(b.name))];
}

export const rootAction: ActionDefinition<Dispatched> = {
  name: 'rollgate',
  inputs: unionInputs(),
  parseInputs(raw: RawInputs): Dispatched {
    const command = raw.command;
    const definition = command === undefined ? undefined : ACTION_DEFINITIONS[command];
    if (!definition)
      throw new RollgateError(
        'INPUT_INVALID',
        `input command must be one of ${Object.keys(ACTION_DEFINITIONS).sort().join(', ')}, got ${JSON.stringify(command ?? '')}`,
      );
    const own = new Set(definition.inputs.map((i) => i.name));
    const stray = Object.keys(raw).filter((name) => name !== 'command' && raw[name] !== undefined && !own.has(name));
    if (stray.length > 0)
      throw new RollgateError('INPUT_INVALID', `command ${command} does not take input(s) ${stray.sort().join(', ')}`);
    return { definition, inputs: definition.parseInputs(raw) };
  },
  run: (d, context) => d.definition.run(d.inputs, context),
  state: {
    dir: (d) => d.definition.state?.dir(d.inputs) ?? DEFAULT_STATE_DIR,
    heads: (d) => d.definition.state?.heads(d.inputs) ?? [],
  },
};
