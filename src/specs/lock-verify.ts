// lock-verify: the inputs of actions/lock-verify and of `rollgate lock-verify`.
import { choice, text, variadic } from './field.js';
import { force, json, state, stateDir } from './common.js';
import { defineSpec, type OptionsOf } from './spec.js';

export const lockVerifySpec = defineSpec(
  'lock-verify',
  {
    lockfiles: variadic(
      'lockfiles',
      'Lockfiles to verify, as paths or globs (uv.lock, poetry.lock, requirements*.txt, package-lock.json, pnpm-lock.yaml, yarn.lock, .github/workflows/*.yml).',
    ).required('one or more lockfile paths or globs'),
    policy: text('policy', 'Lock policy file (YAML). Without one the strict default policy applies.', '<file>'),
    artifactIndex: text(
      'artifact-index',
      'Downloaded artifacts to check against the locked hashes - a directory (wheelhouse, tarballs), an npm cache, or a JSON index.',
      '<path>',
    ),
    baseRef: text('base-ref', 'Git ref to review upgrades against (e.g. origin/main); needs the ref fetched.', '<ref>'),
    mode: choice(
      'mode',
      'enforce (fail on any violation) or warn (report only, for adoption).',
      ['enforce', 'warn'] as const,
      '<mode>',
    ).default('enforce'),
    stateDir,
    sbomPath: text('sbom-path', 'Where to write the CycloneDX SBOM.', '<file>')
      .defaultNote('<state-dir>/reports/sbom.cdx.json')
      .cli({ note: 'An existing file only with --force.' }),
    force,
    state: state('The state output of the previous rollgate step, when lock-verify is not the first.'),
    runId: text('run-id', 'Run id recorded in the trace.', '<id>').defaultNote('derived from the inputs').only('cli'),
    pythonVersion: text(
      'python-version',
      'Toolchain for toolchain_hash - Python version (node version for npm-only locks); detected when not given.',
      '<v>',
    ),
    pipVersion: text(
      'pip-version',
      'Toolchain for toolchain_hash - pip version (npm version for npm-only locks); detected when not given.',
      '<v>',
    ),
    installerVersion: text(
      'installer-version',
      'Toolchain for toolchain_hash - installer and version (e.g. "uv 0.5.1"); the lock\'s generator when not given.',
      '<v>',
    ),
    json: json('Print the report as one JSON document.'),
  },
  (v) => ({
    lockfiles: v.lockfiles,
    ...(v.policy ? { policy: v.policy } : {}),
    ...(v.artifactIndex ? { artifactIndex: v.artifactIndex } : {}),
    ...(v.baseRef ? { baseRef: v.baseRef } : {}),
    mode: v.mode,
    stateDir: v.stateDir,
    ...(v.sbomPath ? { sbomPath: v.sbomPath } : {}),
    ...(v.state ? { parent: v.state } : {}),
    ...(v.runId ? { runId: v.runId } : {}),
    toolchain: {
      ...(v.pythonVersion ? { python_version: v.pythonVersion } : {}),
      ...(v.pipVersion ? { pip_version: v.pipVersion } : {}),
      ...(v.installerVersion ? { installer_version: v.installerVersion } : {}),
    },
    force: v.force === true,
    json: v.json === true,
  }),
);

export type LockVerifySpecOptions = OptionsOf<typeof lockVerifySpec>;
