// package: the inputs of actions/package and of `rollgate package`. The signing key is a secret
// input of the action; the CLI reads it from a file (--key) or an environment variable
// (--key-env) instead, so it never appears on a command line.
import { RollgateError } from '../core/errors.js';
import { choice, list, text, wholeNumber } from './field.js';
import { config, force, json, keyEnv, keyFile, state, stateDir } from './common.js';
import { defineSpec, type OptionsOf } from './spec.js';

export const packageSpec = defineSpec(
  'package',
  {
    outputDir: text(
      'output-dir',
      'Where release.json (and WASM deliverables under <blueprint>/) are written.',
      '<dir>',
    ).required(),
    releaseId: text(
      'release-id',
      'Release identifier (e.g. v1.2.3). Without it only the WASM deliverable is packaged.',
      '<id>',
    ),
    artifacts: list('artifacts', 'Files of the release, as paths.', '<file>').cli({ flag: 'artifact' }),
    images: list('images', 'Container images pinned by digest, as <repository>@sha256:<hex>.', '<ref@sha256:…>').cli({
      flag: 'image',
    }),
    signingKey: text(
      'signing-key',
      'PEM private key of a release-role key (pass a secret). Masked before anything else runs.',
    )
      .secret()
      .only('action'),
    key: keyFile('Sign with this PEM private key file.'),
    keyEnv: keyEnv('Sign with the PEM private key in this environment variable.'),
    sourceCommit: text('source-commit', 'The 40-hex commit the release is built from.', '<sha>')
      .defaultNote("the workflow's commit (GITHUB_SHA)")
      .cli({ defaultText: 'none (recorded as unknown)' }),
    config: config('Config file whose hash the release binds.'),
    checkpoint: text(
      'checkpoint',
      'The data/schema checkpoint the release needs (e.g. a migration id).',
      '<schema-id>',
    ),
    compatibleWith: list('compatible-with', 'Environment checkpoints the release also runs on.', '<schema-id>'),
    wasmModule: text(
      'wasm-module',
      'A WASM module to package as a deliverable under <output-dir>/<blueprint>/.',
      '<file>',
    ),
    blueprintId: text('blueprint-id', 'Blueprint of the WASM deliverable.', '<id>').default('edge-wasm'),
    runtimeProfile: choice(
      'runtime-profile',
      'WASM runtime profile: wasm_wasi or channel_automation_wasi.',
      ['wasm_wasi', 'channel_automation_wasi'] as const,
      '<profile>',
    ).default('wasm_wasi'),
    generatedUnixMs: wholeNumber(
      'generated-unix-ms',
      'A generation time (epoch milliseconds) to record in the WASM manifest.',
      { min: 1 },
      '<ms>',
    )
      .defaultNote('none, so packaging stays byte-identical')
      .only('cli'),
    state: state('The state output of the previous rollgate step (its lock-verify evidence is bound).'),
    stateDir,
    force,
    json: json(),
  },
  (v, { ref }) => {
    if (!v.releaseId && !v.wasmModule)
      throw new RollgateError(
        'INPUT_INVALID',
        `give ${ref('releaseId')} (a release) and/or ${ref('wasmModule')} (a WASM deliverable)`,
      );
    return v;
  },
);

export type PackageSpecOptions = OptionsOf<typeof packageSpec>;
