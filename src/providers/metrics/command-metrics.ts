// A command that prints the metrics JSON on stdout. It runs with the stage's ROLLGATE_*
// variables and the window and evaluation time (ROLLGATE_METRICS_WINDOW_SECONDS,
// ROLLGATE_EVALUATION_TIME), each attempt bounded by the timeout; a non-zero exit, a timeout or
// output that is not metrics fails the attempt.
import { RollgateError } from '../../core/errors.js';
import { formatUtc } from '../../core/utc-time.js';
import { runShell } from '../shell-command.js';
import { parseMetricsJson } from './metrics-json.js';
import type { MetricsRequest, RawMetrics } from './raw-metrics.js';
import { withRetries } from './retry.js';

export async function readCommandMetrics(command: string, cwd: string, request: MetricsRequest): Promise<RawMetrics> {
  const { value, attempts } = await withRetries(request, `metrics command`, async () => {
    const run = await runShell(command, {
      cwd,
      env: {
        ...request.env,
        ROLLGATE_METRICS_WINDOW_SECONDS: String(request.window_seconds),
        ROLLGATE_EVALUATION_TIME: formatUtc(request.evaluation_unix),
      },
      timeout_ms: request.timeout_ms,
    });
    if (run.timed_out) throw new Error(`timed out after ${request.timeout_ms} ms`);
    if (run.exit_code !== 0) throw new Error(`exited with ${run.exit_code}: ${run.stderr.text.slice(-200)}`);
    if (run.stdout.truncated) throw new RollgateError('METRICS_INVALID', 'metrics command: output too large');
    return parseMetricsJson(run.stdout.text, 'metrics command output');
  });
  return { source: { kind: 'command', ref: command }, queries: {}, values: value, attempts };
}
