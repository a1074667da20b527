// A lock-verify run over real files: the files are written into a fresh temp directory and the
// job reads them as the action and the CLI do (globs, format by file name, the policy file).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lockVerifyJob } from '../../src/jobs/lock-verify-job.js';
import type { LockReport } from '../../src/lock/lock-report.js';
import { testHost } from '../helpers/host.js';

export const HASH = 'a'.repeat(64);
const SRI = 'sha512-' + 'A'.repeat(86) + '==';

/** A hashed, pinned requirement on the default index: no finding of its own. */
export const HASHED_REQUIREMENT = `idna==3.7 \\\n    --hash=sha256:${HASH}\n`;

export const PACKAGE_LOCK = JSON.stringify(
  {
    name: 'x',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'x', dependencies: { a: '^1.0.0' } },
      'node_modules/a': {
        version: '1.0.0',
        resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
        integrity: SRI,
      },
    },
  },
  null,
  2,
);

export const PNPM_LOCK = [
  "lockfileVersion: '9.0'",
  'importers:',
  '  .:',
  '    dependencies:',
  '      a:',
  '        specifier: ^1.0.0',
  '        version: 1.0.0',
  'packages:',
  '  a@1.0.0:',
  `    resolution: {integrity: ${SRI}}`,
  'snapshots:',
  '  a@1.0.0: {}',
  '',
].join('\n');

/** A Berry lock: it names no registry, so where its packages come from is the .yarnrc.yml's say. */
export const YARN_BERRY_LOCK = [
  '__metadata:',
  '  version: 10',
  '  cacheKey: 10',
  '',
  '"a@npm:^1.0.0":',
  '  version: 1.0.0',
  '  resolution: "a@npm:1.0.0"',
  `  checksum: 10/${'c'.repeat(128)}`,
  '  languageName: node',
  '  linkType: hard',
  '',
].join('\n');

export function workspace(files: Readonly<Record<string, string>>): string {
  const ws = mkdtempSync(join(tmpdir(), 'rollgate-lock-sources-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  return ws;
}

/** lock-verify in enforce mode over `lockfiles` (patterns) in a workspace holding `files`. */
export async function verify(
  files: Readonly<Record<string, string>>,
  lockfiles: readonly string[],
  policy?: string,
): Promise<LockReport> {
  const ws = workspace(policy === undefined ? files : { ...files, 'lock-policy.yml': policy });
  const result = await lockVerifyJob({
    workspace: ws,
    lockfiles,
    ...(policy === undefined ? {} : { policy: 'lock-policy.yml' }),
    mode: 'enforce',
    stateDir: '.rollgate',
    toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'test' },
    host: testHost(ws),
  });
  return result.report;
}

/** The findings as [file, line, code], in report order. */
export const where = (report: LockReport) => report.findings.map((f) => [f.file, f.line, f.code]);
