// preflight: the inputs of actions/preflight and of `rollgate preflight`.
import { text, utcTime } from './field.js';
import { config, environment, githubToken, json, revocations, state, stateDir, trustStore } from './common.js';
import { defineSpec, type OptionsOf } from './spec.js';

export const preflightSpec = defineSpec('preflight', {
  manifest: text('manifest', 'release.json written by the package step.', '<file>').required(
    'the release.json of the package step',
  ),
  trustStore,
  revocations,
  artifactDir: text('artifact-dir', 'Where the release files are.', '<dir>').default('.', 'the working directory'),
  config: config(),
  environment: environment('Target environment.'),
  state: state('The state output of the previous rollgate step.'),
  githubToken: githubToken(
    "Token with deployments read: the environment's checkpoint schema is read from its newest successful deployment when state.json records none (a fresh checkout). Without it nothing calls GitHub.",
  ),
  stateDir,
  at: utcTime('at', 'Verification time, YYYY-MM-DDTHH:MM:SSZ.').defaultNote('now').only('cli'),
  json: json(),
});

export type PreflightSpecOptions = OptionsOf<typeof preflightSpec>;
