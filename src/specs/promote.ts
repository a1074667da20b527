// promote: the inputs of actions/promote and of `rollgate promote`. The certificate key is a
// secret input of the action; the CLI reads it from a file (--key) or an environment variable
// (--key-env). Only the action calls GitHub (github-token, environment-url); only the CLI
// chooses the tenant, the output directory, the validity and the instant, which an action
// takes from its run (GITHUB_REPOSITORY, the workspace, the job's defaults, the wall clock).
import { text, utcTime, wholeNumber } from './field.js';
import {
  config,
  force,
  githubToken,
  json,
  keyEnv,
  keyFile,
  revocations,
  state,
  stateDir,
  trustStore,
} from './common.js';
import { defineSpec, type OptionsOf } from './spec.js';

export const promoteSpec = defineSpec('promote', {
  state: state('The state output of the gate.').required("the gate's state output"),
  environment: text(
    'environment',
    "Environment being promoted (one of the config's environments, in order).",
    '<name>',
  ).required(),
  certificateKey: text(
    'certificate-key',
    'PKCS#8 PEM of a certificate-role key, from a secret. Masked before anything runs.',
  )
    .secret()
    .required('a certificate-role key, from a secret')
    .only('action'),
  key: keyFile('Certificate signing key file (PKCS#8 PEM).'),
  keyEnv: keyEnv('Environment variable holding the certificate signing key.'),
  githubToken: githubToken(
    'Token with deployments and checks write, to record the deployment and the check run. Without it nothing calls GitHub.',
  ),
  environmentUrl: text('environment-url', 'URL of the deployed environment, shown on the deployment.').only('action'),
  tenant: text('tenant', 'The repository the run belongs to.', '<owner/repo>').only('cli').default('local/local'),
  trustStore,
  revocations,
  outputDir: text('output-dir', 'Where certificate-<environment>.cbor is written.', '<dir>')
    .only('cli')
    .default('.', 'the working directory'),
  validDays: wholeNumber('valid-days', 'Certificate validity in days.', { min: 1 }).defaultNote('7').only('cli'),
  at: utcTime('at', 'Verification time to sign, YYYY-MM-DDTHH:MM:SSZ.').defaultNote('now').only('cli'),
  config: config(),
  stateDir,
  force,
  json: json(),
});

export type PromoteSpecOptions = OptionsOf<typeof promoteSpec>;
