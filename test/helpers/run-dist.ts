// Runs a built dist/ entry in a child process, as a user or the runner would.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface DistRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCliDist(
  nodePath: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): DistRun {
  const result = spawnSync(nodePath, [resolve(repoRoot, 'dist/cli.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
