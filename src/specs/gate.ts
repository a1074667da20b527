// gate: the inputs of actions/gate and of `rollgate gate`. The other shards' heads are one
// list input of the action, a repeatable --shard on the CLI.
import { digestList } from './field.js';
import { config, environment, json, state, stateDir } from './common.js';
import { defineSpec, type OptionsOf } from './spec.js';

export const gateSpec = defineSpec('gate', {
  state: state('The state output of the last canary stage.').required('the state output of the last canary stage'),
  shards: digestList('shards', 'State outputs of the other matrix shards, imported into the state directory.').cli({
    flag: 'shard',
  }),
  environment: environment('Environment judged.'),
  config: config(),
  stateDir,
  json: json(),
});

export type GateSpecOptions = OptionsOf<typeof gateSpec>;
