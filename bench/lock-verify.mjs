// lock-verify on the largest package-lock.json of the corpus, side by side with lockfile-lint
// doing its checks (allowed hosts, https, integrity), and with @cyclonedx/cyclonedx-npm making
// an SBOM of the same project. rollgate does all of that and more in one run (strict edges,
// trace records, a committed state step), so the ratios understate the difference per check.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cli, out, result, root, timeCommand } from './lib.mjs';

const corpus = resolve(root, '../shared/corpus/npm');

export function largestPackageLock() {
  const files = [
    'actions-toolkit.v3.package-lock.json',
    'sigstore-js.v3.package-lock.json',
    'actions-checkout.v2.package-lock.json',
    'deploy-cloudrun-example.v1.package-lock.json',
  ];
  return files.map((f) => join(corpus, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

function project() {
  const dir = mkdtempSync(join(out, 'lock-'));
  copyFileSync(largestPackageLock(), join(dir, 'package-lock.json'));
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const rootPkg = lock.packages[''];
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: rootPkg.name ?? 'bench',
      version: rootPkg.version ?? '1.0.0',
      dependencies: rootPkg.dependencies ?? {},
      devDependencies: rootPkg.devDependencies ?? {},
    }),
  );
  return dir;
}

/** The CLI arguments of a warn-mode lock-verify run of `dir`'s package-lock.json. */
export const rollgateArgs = (dir) => [
  cli,
  'lock-verify',
  'package-lock.json',
  '--python-version',
  '20',
  '--pip-version',
  '10',
  '--installer-version',
  'npm',
  '--state-dir',
  join(dir, '.rollgate'),
  '--mode',
  'warn',
];

export default async function run() {
  const dir = project();
  const ok = (r) => r.status === 0;
  const ours = timeCommand(process.execPath, rollgateArgs(dir), { cwd: dir, check: ok, runs: 5 });
  // lockfile-lint exits 1 when it finds issues (this lock has sha1-only entries): a completed run.
  const lint = timeCommand(
    resolve(root, 'node_modules/.bin/lockfile-lint'),
    [
      '--path',
      'package-lock.json',
      '--type',
      'npm',
      '--allowed-hosts',
      'npm',
      '--validate-https',
      '--validate-integrity',
    ],
    { cwd: dir, check: (r) => r.status === 0 || r.status === 1, runs: 5 },
  );
  const cdx = timeCommand(
    resolve(root, 'node_modules/.bin/cyclonedx-npm'),
    ['--package-lock-only', '--ignore-npm-errors', '--output-format', 'JSON', '--output-file', join(dir, 'bom.json')],
    { cwd: dir, check: ok, runs: 3 },
  );
  rmSync(dir, { recursive: true, force: true });
  const entries = Object.keys(JSON.parse(readFileSync(largestPackageLock(), 'utf8')).packages).length - 1;
  return [
    result(`lock-verify vs lockfile-lint (${entries} packages)`, ours, 'lockfile-lint 5.0.1', lint, {
      text: '≥ 5×',
      check: (r) => r >= 5,
    }),
    result(
      `SBOM of the same project`,
      ours,
      '@cyclonedx/cyclonedx-npm 6.0.1 --package-lock-only',
      cdx,
      { text: '≥ 20×', check: (r) => r >= 20 },
      true,
      'rollgate time is the whole lock-verify run, SBOM included',
    ),
  ];
}
