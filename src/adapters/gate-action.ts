// The gate action: the rollout's verdict over every stage of every shard (pass | hold | fail),
// with the report a reviewer approves promotion from. hold and fail both fail the step, so a
// promote job that needs it cannot start.
import { formatDigest, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { DEFAULT_CONFIG_PATH } from '../config/paths.js';
import type { ActionDefinition } from '../github/action-runtime.js';
import { listInput } from '../github/action-runtime.js';
import { DEFAULT_STATE_DIR } from '../store/layout.js';
import { gateSummary } from './rollout-summary.js';

interface GateInputs {
  readonly state: Uint8Array;
  readonly shards: readonly Uint8Array[];
  readonly environment: string;
  readonly config: string;
  readonly stateDir: string;
}

export const gateAction: ActionDefinition<GateInputs> = {
  name: 'gate',
  state: { dir: (i) => i.stateDir, heads: (i) => [i.state, ...i.shards] },
  inputs: [{ name: 'state' }, { name: 'shards' }, { name: 'environment' }, { name: 'config' }, { name: 'state-dir' }],
  parseInputs(raw) {
    if (!raw.state)
      throw new RollgateError('INPUT_INVALID', 'input state is required (the state output of the last canary stage)');
    return {
      state: parseDigest(raw.state, 'input state'),
      shards: listInput(raw, 'shards').map((s, i) => parseDigest(s, `input shards line ${i + 1}`)),
      environment: raw.environment ?? 'staging',
      config: raw.config ?? DEFAULT_CONFIG_PATH,
      stateDir: raw['state-dir'] ?? DEFAULT_STATE_DIR,
    };
  },
  async run(inputs, context) {
    const { gateJob } = await import('../jobs/gate-job.js');
    const result = await gateJob({
      workspace: context.env.GITHUB_WORKSPACE ?? process.cwd(),
      stateDir: inputs.stateDir,
      configPath: inputs.config,
      state: inputs.state,
      shards: inputs.shards,
      environment: inputs.environment,
    });
    const { report } = result;
    const fired = report.rollback_triggers.filter((t) => t.fired);
    return {
      outputs: {
        verdict: report.verdict,
        'gate-report-hash': formatDigest(result.report_hash),
        'release-hash': formatDigest(report.release_hash),
        state: formatDigest(result.head_hash),
      },
      summary: gateSummary(result),
      annotations: fired.map((t) => ({
        level: 'error' as const,
        title: `rollback trigger ${t.trigger}`,
        message: t.details.join('\n'),
      })),
      ...(report.verdict !== 'pass'
        ? {
            failure:
              report.verdict === 'hold'
                ? `gate holds: ${report.holds.join('; ')}`
                : `gate failed: ${fired.map((t) => t.trigger).join(', ')}; roll back`,
          }
        : {}),
    };
  },
};
