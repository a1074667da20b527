// Shifts a cohort's traffic with the user's command (DESIGN 8.1): the cohort, release and
// environment reach it as ROLLGATE_* variables; what it printed (bounded) is kept for the stage
// report. A command that fails or times out fails the stage before anything is measured.
import { RollgateError } from '../core/errors.js';
import type { TrafficRecord } from '../deploy/stage-report.js';
import { runShell } from './shell-command.js';

export async function shiftTraffic(
  command: string,
  options: {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string>>;
    readonly timeout_seconds: number;
    /** Names the stage in the error: `stage 2 at 25%`. */
    readonly stage: string;
  },
): Promise<TrafficRecord> {
  const run = await runShell(command, {
    cwd: options.cwd,
    env: options.env,
    timeout_ms: options.timeout_seconds * 1000,
  });
  if (run.exit_code !== 0 || run.timed_out) {
    throw new RollgateError(
      'TRAFFIC_COMMAND_FAILED',
      `${options.stage}: the traffic command ${run.timed_out ? `timed out after ${options.timeout_seconds} s` : `exited with ${run.exit_code ?? run.signal}`}\n${run.stderr.text.slice(-2000)}`,
    );
  }
  return {
    command,
    exit_code: 0,
    stdout: run.stdout.text,
    stdout_truncated: run.stdout.truncated,
    stderr: run.stderr.text,
    stderr_truncated: run.stderr.truncated,
  };
}
