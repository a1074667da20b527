// The canary-stage action: one stage of the rollout from the given state; the summary shows
// every gate value against its threshold, the frozen snapshot and what happens next. A breach
// fails the step (the workflow's rollback job runs on failure).
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { DEFAULT_CONFIG_PATH } from '../config/paths.js';
import type { ActionDefinition, RawInputs } from '../github/action-runtime.js';
import { choiceInput } from '../github/action-runtime.js';
import { DEFAULT_STATE_DIR } from '../store/layout.js';
import { canaryStageSummary } from './rollout-summary.js';

interface CanaryStageInputs {
  readonly state: Uint8Array;
  readonly environment: string;
  readonly stage?: number;
  readonly cohort?: number;
  readonly shard: string;
  readonly trafficCommand?: string;
  readonly metrics: { source?: string; file?: string; command?: string; prometheusUrl?: string };
  readonly config: string;
  readonly stateDir: string;
}

function wholeNumber(raw: RawInputs, name: string, max: number): number | undefined {
  const text = raw[name];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw new RollgateError(
      'INPUT_INVALID',
      `input ${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(text)}`,
    );
  return Number(text);
}

export const canaryStageAction: ActionDefinition<CanaryStageInputs> = {
  name: 'canary-stage',
  state: { dir: (i) => i.stateDir, heads: (i) => [i.state] },
  inputs: [
    { name: 'state' },
    { name: 'environment' },
    { name: 'stage' },
    { name: 'cohort' },
    { name: 'shard' },
    { name: 'traffic-command' },
    { name: 'metrics-source' },
    { name: 'metrics-file' },
    { name: 'metrics-command' },
    { name: 'prometheus-url' },
    { name: 'config' },
    { name: 'state-dir' },
  ],
  parseInputs(raw) {
    if (!raw.state)
      throw new RollgateError(
        'INPUT_INVALID',
        'input state is required (the state output of preflight or the previous stage)',
      );
    const stage = wholeNumber(raw, 'stage', 99);
    const cohort = wholeNumber(raw, 'cohort', 100);
    if (stage !== undefined && cohort !== undefined)
      throw new RollgateError('INPUT_INVALID', 'give stage or cohort, not both');
    const source = choiceInput(raw, 'metrics-source', ['file', 'command', 'prometheus'] as const);
    return {
      state: parseDigest(raw.state, 'input state'),
      environment: raw.environment ?? 'staging',
      ...(stage !== undefined ? { stage } : {}),
      ...(cohort !== undefined ? { cohort } : {}),
      shard: raw.shard ?? 'default',
      ...(raw['traffic-command'] ? { trafficCommand: raw['traffic-command'] } : {}),
      metrics: {
        ...(source ? { source } : {}),
        ...(raw['metrics-file'] ? { file: raw['metrics-file'] } : {}),
        ...(raw['metrics-command'] ? { command: raw['metrics-command'] } : {}),
        ...(raw['prometheus-url'] ? { prometheusUrl: raw['prometheus-url'] } : {}),
      },
      config: raw.config ?? DEFAULT_CONFIG_PATH,
      stateDir: raw['state-dir'] ?? DEFAULT_STATE_DIR,
    };
  },
  async run(inputs, context) {
    const { canaryStageJob } = await import('../jobs/canary-stage-job.js');
    const result = await canaryStageJob({
      workspace: context.env.GITHUB_WORKSPACE ?? process.cwd(),
      stateDir: inputs.stateDir,
      configPath: inputs.config,
      parent: inputs.state,
      environment: inputs.environment,
      ...(inputs.stage !== undefined ? { stage: inputs.stage } : {}),
      ...(inputs.cohort !== undefined ? { cohort: inputs.cohort } : {}),
      shard: inputs.shard,
      ...(inputs.trafficCommand ? { trafficCommand: inputs.trafficCommand } : {}),
      metrics: inputs.metrics,
      now: context.now,
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      log: (line) => context.runner.info('rollgate canary-stage: ', line),
    });
    const { report } = result;
    const breached = result.gate_report.gates.filter((g) => g.result === 'fail');
    return {
      outputs: {
        verdict: report.verdict,
        'snapshot-hash': formatDigest(report.metrics_snapshot_hash),
        'gate-report-hash': formatDigest(report.gate_report_hash),
        'stage-report-hash': formatDigest(result.report_hash),
        cohort: String(report.cohort_percent),
        next: report.next,
        state: formatDigest(result.head_hash),
      },
      summary: canaryStageSummary(result),
      annotations: breached.map((g) => ({
        level: 'error' as const,
        title: `canary stage ${report.stage_index} (${report.cohort_percent}%): ${g.gate} breached`,
        message: g.reason,
      })),
      ...(report.verdict === 'fail'
        ? {
            failure: `stage ${report.stage_index} (${report.cohort_percent}%) breached ${breached.map((g) => g.gate).join(', ')}: the rollout is halted; roll back`,
          }
        : {}),
    };
  },
};
