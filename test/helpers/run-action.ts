// Runs a built action entry (dist/actions/<name>.js) exactly as the runner does: inputs as
// INPUT_* variables, outputs and summary through temp GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
// files, GITHUB_WORKSPACE as the working directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inputVariable } from '../../src/action-shell/workflow-commands.js';
import { clockEnvironment } from './clock.js';
import { repoRoot } from './run-dist.js';

export interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      outputs[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return outputs;
}

interface PreparedRun {
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  readonly output: string;
  readonly summary: string;
}

function prepare(
  name: string,
  inputs: Readonly<Record<string, string>>,
  options: { workspace: string; env?: NodeJS.ProcessEnv },
): PreparedRun {
  const files = mkdtempSync(join(tmpdir(), 'rollgate-runner-'));
  const output = join(files, 'output');
  const summary = join(files, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = {
    ...clockEnvironment(),
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: files,
    ...options.env,
  };
  for (const [key, value] of Object.entries(inputs)) env[inputVariable(key)] = value;
  return { args: [resolve(repoRoot, `dist/actions/${name}.js`)], env, output, summary };
}

function finish(run: PreparedRun, status: number | null, stdout: string, stderr: string): ActionRun {
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(run.output, 'utf8')),
    summary: readFileSync(run.summary, 'utf8'),
  };
}

export function runAction(
  nodePath: string,
  name: string,
  inputs: Readonly<Record<string, string>>,
  options: { workspace: string; env?: NodeJS.ProcessEnv },
): ActionRun {
  const run = prepare(name, inputs, options);
  const result = spawnSync(nodePath, run.args, {
    cwd: options.workspace,
    env: run.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return finish(run, result.status, result.stdout, result.stderr);
}

/** The same, without blocking this process: for actions that call a server the test runs. */
export async function runActionAsync(
  nodePath: string,
  name: string,
  inputs: Readonly<Record<string, string>>,
  options: { workspace: string; env?: NodeJS.ProcessEnv },
): Promise<ActionRun> {
  const run = prepare(name, inputs, options);
  const child = spawn(nodePath, run.args, { cwd: options.workspace, env: run.env, timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return finish(run, status, stdout, stderr);
}
