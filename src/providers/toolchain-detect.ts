// The toolchain a lock is verified for (document 004 II.F): given explicitly, or read from the
// tools on PATH. Detection is recorded in the report, so a replay uses the recorded values.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Ecosystem } from '../lock/model.js';
import type { Toolchain } from '../lock/toolchain.js';

const run = promisify(execFile);

async function versionOf(command: string, args: readonly string[], pattern: RegExp): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, [...args], { timeout: 10_000 });
    return pattern.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Python locks: (python, pip, installer); npm-only runs: (node, npm, installer). The Node.js
 * version is the one the entry saw (its host's `node`), not read here from `process`.
 */
export async function detectToolchain(
  given: Partial<Toolchain>,
  ecosystems: ReadonlySet<Ecosystem>,
  runtime: { readonly installer: string; readonly node: string },
): Promise<Toolchain> {
  const python = ecosystems.has('pypi') || !ecosystems.has('npm');
  return {
    python_version:
      given.python_version ?? (python ? await versionOf('python3', ['--version'], /Python (\S+)/) : runtime.node),
    pip_version:
      given.pip_version ??
      (python
        ? await versionOf('python3', ['-m', 'pip', '--version'], /pip (\S+)/)
        : await versionOf('npm', ['--version'], /(\S+)/)),
    installer_version: given.installer_version ?? runtime.installer,
  };
}
