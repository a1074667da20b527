// The commands only the CLI has (no action): their flags and arguments, defaults and parsing,
// in the same form as the operators' specs, so every command parses inside the error boundary.
import { KEY_ROLES } from '../core/trust-store.js';
import { argument, choice, digest, flag, text, utcTime, variadic, wholeNumber } from './field.js';
import { DEFAULT_STATE_DIR, config, force, json, keyEnv, keyFile, stateDir } from './common.js';
import { defineSpec } from './spec.js';

export const demoSpec = defineSpec('demo', {
  dir: text('dir', 'Where the demo writes its workspace, state, reports and summaries.', '<dir>').default(
    'rollgate-demo',
  ),
  withPrometheus: flag(
    'with-prometheus',
    'Take the metrics from a local Prometheus (installed) scraping a synthetic service.',
  ),
  json: json('Print one JSON document at the end instead of progress lines.'),
});

export const keygenSpec = defineSpec('keygen', {
  out: text('out', 'Directory for <key>.key and <key>.pub.', '<dir>').default(`${DEFAULT_STATE_DIR}/keys`),
  role: choice(
    'role',
    `Role granted when added to a trust store: ${KEY_ROLES.join(' or ')}.`,
    KEY_ROLES,
    '<role>',
  ).default('release'),
  trustStore: text('trust-store', 'Add the public key to this trust store (created if absent).', '<file>'),
  validDays: wholeNumber('valid-days', 'Validity window from now, in days.', { min: 1 }).default(365),
  rotationMaxAgeDays: wholeNumber('rotation-max-age-days', 'Age in days after which a rotation record is required.', {
    min: 1,
  }).default(90),
  json: json(),
});

export const hashSpec = defineSpec('hash', {
  files: variadic('files', 'Files to hash.').required('one or more files'),
  json: json(),
});

/** verify, recover, status and health: a state directory, read. */
export const stateDirSpec = (name: string) => defineSpec(name, { stateDir, json: json() });

const head = (description: string) => digest('state', description).required('a state head');

export const traceSpec = defineSpec('trace', { state: head('State head.'), stateDir });

export const replaySpec = defineSpec('replay', { state: head('State head.'), stateDir, json: json() });

export const gcSpec = defineSpec('gc', {
  stateDir,
  dryRun: flag('dry-run', 'Print the plan and change nothing.'),
  config: config('Rollgate config whose retention gives the minimum ages.'),
  retention: text('retention', "Retention policy (JSON), instead of the config's.", '<file>'),
  pin: digest('pin', 'Pin a step head as golden (kept while younger than retention.golden; null: forever).'),
  unpin: digest('unpin', 'Remove a golden pin.'),
  json: json(),
});

export const bundleExportSpec = defineSpec('bundle export', {
  head: digest('head', 'The step head (a state output).').required('the step head to export'),
  out: text('out', 'Bundle file to write (an existing one only with --force).', '<file>').required(),
  stateDir,
  force,
  json: json(),
});

export const bundleImportSpec = defineSpec('bundle import', {
  in: text('in', 'Bundle file to read.', '<file>').required(),
  expectHead: digest('expect-head', 'Refuse a bundle whose HEAD differs.'),
  maxBytes: wholeNumber('max-bytes', 'Refuse bundles larger than this.', { min: 1 }).defaultNote('256 MiB'),
  stateDir,
  json: json(),
});

export const signSpec = defineSpec('sign', {
  release: text('release', 'release.json to sign.', '<file>').required(),
  key: keyFile('PEM private key file.'),
  keyEnv: keyEnv('Environment variable holding the PEM private key.'),
  json: json(),
});

export const inspectSpec = defineSpec('inspect', {
  file: argument('file', 'release.json, or a WASM deliverable manifest.').required(),
  json: json(),
});

export const verifyCertificateSpec = defineSpec('verify-certificate', {
  file: argument('file', 'The ExecutionCertificate (CBOR).').required(),
  trustStore: text('trust-store', 'Trust store file.', '<file>').required(),
  revocations: text('revocations', 'Revocation bundle file.', '<file>'),
  at: utcTime('at', 'Check validity at this instant, YYYY-MM-DDTHH:MM:SSZ.').defaultNote('now'),
  state: digest(
    'state',
    "A state holding the certificate's run (promote's state output): every bound value is derived again from it.",
  ),
  stateDir,
  config: config('Config whose trust pins the trust store and revocation bundle must match.'),
  json: json(),
});

export const runFixtureSpec = defineSpec('run-fixture', {
  fixture: text('fixture', 'Deployment contract fixture (schema_version 1).', '<file>').required(),
  stateDir,
  queueLimit: wholeNumber('queue-limit', 'Cases queued per cycle.', { min: 1 }).defaultNote('64'),
  processedCaseCap: wholeNumber('processed-case-cap', 'Processed case keys remembered, oldest dropped.', {
    min: 1,
  }).defaultNote('10000'),
  retryMaxAttempts: wholeNumber('retry-max-attempts', 'Attempts of a retryable case per cycle.', {
    min: 1,
  }).defaultNote('4'),
  retryBaseDelayMs: wholeNumber('retry-base-delay-ms', 'Backoff base: base * 2^(attempt-1) ms.', {
    min: 0,
  }).defaultNote('0'),
  json: json(),
});
