// Inputs several operators share, each with its one default. The config path and the state
// directory keep theirs where the config loader and the store layout define them; the default
// environment has no other home, so it lives here.
import { DEFAULT_CONFIG_PATH } from '../config/paths.js';
import { DEFAULT_STATE_DIR } from '../store/layout.js';
import { digest, flag, text } from './field.js';

export { DEFAULT_CONFIG_PATH, DEFAULT_STATE_DIR };

/** The environment canary-stage, gate and preflight work on when none is given. */
export const DEFAULT_ENVIRONMENT = 'staging';

export const stateDir = text('state-dir', 'State directory.', '<dir>').default(DEFAULT_STATE_DIR);

export const config = (description = 'Config file.') =>
  text('config', description, '<file>').default(DEFAULT_CONFIG_PATH);

export const environment = (description: string) =>
  text('environment', description, '<name>').default(DEFAULT_ENVIRONMENT);

/** The head of an earlier step: `state` output of an action, `state` line of a command. */
export const state = (description: string) => digest('state', description);

export const trustStore = text('trust-store', 'Trust store file.', '<file>').defaultNote(
  "the config's trust.trust_store",
);

export const revocations = text('revocations', 'Revocation bundle file.', '<file>').defaultNote(
  "the config's trust.revocation_bundle",
);

/** A GitHub token: actions only (the CLI never calls GitHub). */
export const githubToken = (description: string) => text('github-token', description).secret().only('action');

/** A private key in a file or an environment variable: the CLI's form of a secret input. */
export const keyFile = (description: string) => text('key', description, '<file>').only('cli');
export const keyEnv = (description: string) => text('key-env', description, '<name>').only('cli');

export const json = (description = 'Print one JSON document.') => flag('json', description).only('cli');

export const force = flag(
  'force',
  'Replace an existing file at the output path (never one inside the state directory).',
).only('cli');
