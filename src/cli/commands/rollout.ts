// `rollgate canary-stage`, `rollgate gate` and `rollgate replay`: the rollout operators of the
// actions, run locally on the same state directory; --json prints the report and hashes.
import type { Command } from 'commander';
import { formatDigest } from '../../core/digest.js';
import { canaryStageSpec } from '../../specs/canary-stage.js';
import { replaySpec, traceSpec } from '../../specs/commands.js';
import { gateSpec } from '../../specs/gate.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerRollout(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    canaryStageSpec,
    "run the rollout's next canary stage: shift traffic, wait the dwell, freeze the metrics snapshot and judge it",
    run,
    async (flags) => {
      const { canaryStageJob } = await import('../../jobs/canary-stage-job.js');
      const { setTimeout: sleep } = await import('node:timers/promises');
      const result = await canaryStageJob({
        workspace: deps.host.cwd,
        stateDir: flags.stateDir,
        configPath: flags.config,
        parent: flags.state,
        environment: flags.environment,
        ...(flags.stage !== undefined ? { stage: flags.stage } : {}),
        ...(flags.cohort !== undefined ? { cohort: flags.cohort } : {}),
        shard: flags.shard,
        ...(flags.trafficCommand ? { trafficCommand: flags.trafficCommand } : {}),
        metrics: flags.metrics,
        now: deps.now,
        host: deps.host,
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
    },
  );
  specCommand(
    program,
    gateSpec,
    'the rollout verdict (pass | hold | fail) over every stage of every shard, re-judged from the snapshots',
    run,
    async (flags) => {
      const { gateJob } = await import('../../jobs/gate-job.js');
      const result = await gateJob({
        workspace: deps.host.cwd,
        stateDir: flags.stateDir,
        configPath: flags.config,
        state: flags.state,
        shards: flags.shards,
        environment: flags.environment,
        host: deps.host,
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
    },
  );
  specCommand(
    program,
    traceSpec,
    "print a state's trace records as JSONL (the people's mirror of the canonical CBOR trace)",
    run,
    async (flags) => {
      const { ObjectStore } = await import('../../store/object-store.js');
      const { verifyChain } = await import('../../store/step-heads.js');
      const { traceJsonl } = await import('../../store/trace-view.js');
      const store = new ObjectStore(flags.stateDir);
      await verifyChain(store, flags.state);
      deps.output.out((await traceJsonl(store, flags.state)).trimEnd());
    },
  );
  specCommand(
    program,
    replaySpec,
    're-judge every stored snapshot and rollout gate report of a state; exit 1 unless all are byte-identical',
    run,
    async (flags) => {
      const { replayJob } = await import('../../jobs/replay-job.js');
      const result = await replayJob({
        workspace: deps.host.cwd,
        stateDir: flags.stateDir,
        state: flags.state,
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
    },
  );
}
