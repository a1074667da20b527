// `rollgate canary-stage`, `rollgate gate` and `rollgate replay`: the rollout operators of the
// actions, run locally on the same state directory; --json prints the report and hashes.
import type { Command } from 'commander';
import { Option } from 'commander';
import { formatDigest, parseDigest } from '../../core/digest.js';
import { DEFAULT_CONFIG_PATH } from '../../config/paths.js';
import { DEFAULT_STATE_DIR } from '../../store/layout.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { nonNegativeInteger } from '../parse-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

interface StageFlags {
  state: string;
  environment: string;
  stage?: number;
  cohort?: number;
  shard: string;
  trafficCommand?: string;
  metricsSource?: string;
  metricsFile?: string;
  metricsCommand?: string;
  prometheusUrl?: string;
  config: string;
  stateDir: string;
  json?: boolean;
}

interface GateFlags {
  state: string;
  shard: string[];
  environment: string;
  config: string;
  stateDir: string;
  json?: boolean;
}

export function registerRollout(program: Command, deps: CliDeps, run: RunCommand): void {
  program
    .command('canary-stage')
    .description(
      "run the rollout's next canary stage: shift traffic, wait the dwell, freeze the metrics snapshot and judge it",
    )
    .requiredOption('--state <sha256:…>', 'state head of preflight or of the previous stage')
    .option('--environment <name>', 'environment', 'staging')
    .option('--stage <n>', 'stage index to run (default: the next)', nonNegativeInteger)
    .option('--cohort <percent>', 'cohort percent to run (default: the next)', nonNegativeInteger)
    .option('--shard <id>', 'shard id (matrix job)', 'default')
    .option('--traffic-command <cmd>', "overrides the config's traffic_command")
    .addOption(
      new Option('--metrics-source <kind>', "overrides the config's metrics.source").choices([
        'file',
        'command',
        'prometheus',
      ]),
    )
    .option('--metrics-file <file>', "overrides the config's metrics.file")
    .option('--metrics-command <cmd>', "overrides the config's metrics.command")
    .option('--prometheus-url <url>', "overrides the config's metrics.prometheus.url")
    .option('--config <file>', 'config file', DEFAULT_CONFIG_PATH)
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--json', 'print one JSON document')
    .action((flags: StageFlags) =>
      run(async () => {
        const { canaryStageJob } = await import('../../jobs/canary-stage-job.js');
        const { setTimeout: sleep } = await import('node:timers/promises');
        const result = await canaryStageJob({
          workspace: process.cwd(),
          stateDir: flags.stateDir,
          configPath: flags.config,
          parent: parseDigest(flags.state, '--state'),
          environment: flags.environment,
          ...(flags.stage !== undefined ? { stage: flags.stage } : {}),
          ...(flags.cohort !== undefined ? { cohort: flags.cohort } : {}),
          shard: flags.shard,
          ...(flags.trafficCommand ? { trafficCommand: flags.trafficCommand } : {}),
          metrics: {
            ...(flags.metricsSource ? { source: flags.metricsSource } : {}),
            ...(flags.metricsFile ? { file: flags.metricsFile } : {}),
            ...(flags.metricsCommand ? { command: flags.metricsCommand } : {}),
            ...(flags.prometheusUrl ? { prometheusUrl: flags.prometheusUrl } : {}),
          },
          now: deps.now,
          sleep: async (ms) => void (await sleep(ms)),
          log: (line) => deps.output.err(line),
        });
        const { report } = result;
        if (flags.json) {
          printJson(deps.output, {
            verdict: report.verdict,
            stage_index: report.stage_index,
            cohort_percent: report.cohort_percent,
            next: report.next,
            resumed: result.resumed,
            snapshot_hash: formatDigest(report.metrics_snapshot_hash),
            gate_report_hash: formatDigest(report.gate_report_hash),
            stage_report_hash: formatDigest(result.report_hash),
            state: formatDigest(result.head_hash),
            gates: result.gate_report.gates,
          });
        } else {
          deps.output.out(
            `canary-stage ${report.stage_index} (${report.cohort_percent}%): ${report.verdict}, next ${report.next}, state ${formatDigest(result.head_hash)}`,
          );
          for (const g of result.gate_report.gates) deps.output.out(`  ${g.gate}: ${g.result} (${g.reason})`);
        }
        return report.verdict === 'pass' ? 0 : EXIT_USER;
      }),
    );
  program
    .command('gate')
    .description(
      'the rollout verdict (pass | hold | fail) over every stage of every shard, re-judged from the snapshots',
    )
    .requiredOption('--state <sha256:…>', 'state head of the last stage')
    .option('--shard <sha256:…>', "another shard's state head (repeatable)", collect, [])
    .option('--environment <name>', 'environment', 'staging')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_PATH)
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--json', 'print one JSON document')
    .action((flags: GateFlags) =>
      run(async () => {
        const { gateJob } = await import('../../jobs/gate-job.js');
        const result = await gateJob({
          workspace: process.cwd(),
          stateDir: flags.stateDir,
          configPath: flags.config,
          state: parseDigest(flags.state, '--state'),
          shards: flags.shard.map((s) => parseDigest(s, '--shard')),
          environment: flags.environment,
        });
        const { report } = result;
        if (flags.json) {
          printJson(deps.output, {
            verdict: report.verdict,
            gate_report_hash: formatDigest(result.report_hash),
            state: formatDigest(result.head_hash),
            rollback_triggers: report.rollback_triggers,
            holds: report.holds,
            health: report.health,
            stages: report.stages.map((s) => ({
              stage_index: s.stage_index,
              cohort_percent: s.cohort_percent,
              verdict: s.verdict,
            })),
          });
        } else {
          deps.output.out(`gate ${report.environment}: ${report.verdict}, state ${formatDigest(result.head_hash)}`);
          for (const t of report.rollback_triggers.filter((x) => x.fired))
            deps.output.out(`  rollback trigger ${t.trigger}: ${t.details.join('; ')}`);
          for (const h of report.holds) deps.output.out(`  hold: ${h}`);
        }
        return report.verdict === 'pass' ? 0 : EXIT_USER;
      }),
    );
  program
    .command('trace')
    .description("print a state's trace records as JSONL (the people's mirror of the canonical CBOR trace)")
    .requiredOption('--state <sha256:…>', 'state head')
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .action((flags: { state: string; stateDir: string }) =>
      run(async () => {
        const { ObjectStore } = await import('../../store/object-store.js');
        const { verifyChain } = await import('../../store/step-heads.js');
        const { traceJsonl } = await import('../../store/trace-view.js');
        const store = new ObjectStore(flags.stateDir);
        const head = parseDigest(flags.state, '--state');
        await verifyChain(store, head);
        deps.output.out((await traceJsonl(store, head)).trimEnd());
      }),
    );
  program
    .command('replay')
    .description(
      're-judge every stored snapshot and rollout gate report of a state; exit 1 unless all are byte-identical',
    )
    .requiredOption('--state <sha256:…>', 'state head')
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--json', 'print one JSON document')
    .action((flags: { state: string; stateDir: string; json?: boolean }) =>
      run(async () => {
        const { replayJob } = await import('../../jobs/replay-job.js');
        const result = await replayJob({
          workspace: process.cwd(),
          stateDir: flags.stateDir,
          state: parseDigest(flags.state, '--state'),
        });
        if (flags.json) printJson(deps.output, result);
        else {
          for (const c of result.checks)
            deps.output.out(
              `${c.identical ? 'identical' : 'DIFFERS'} ${c.object_type} ${c.object_id} (${c.verdict}) ${c.recorded_hash}${c.identical ? '' : ` replayed ${c.replayed_hash}`}`,
            );
          deps.output.out(
            `replay: ${result.checks.length} judgement(s), ${result.identical ? 'all identical' : 'DIVERGED'}`,
          );
        }
        return result.identical ? 0 : EXIT_USER;
      }),
    );
}
