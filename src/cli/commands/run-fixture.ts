// `rollgate run-fixture` (DESIGN 8.5): one cycle of document 001's contract runner over a
// fixture, printed as the reference runner's two summary lines or as one JSON document.
import type { Command } from 'commander';
import { runFixtureSpec } from '../../specs/commands.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerRunFixture(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    runFixtureSpec,
    "replay a document 001 deployment fixture: one runner cycle with duplicate skips, bounded retries and each case's contract check, recorded in state.json and runtime-events.jsonl",
    run,
    async (flags) => {
      const { runFixtureJob } = await import('../../jobs/run-fixture-job.js');
      const { setTimeout: sleep } = await import('node:timers/promises');
      const cycle = {
        ...(flags.queueLimit === undefined ? {} : { queue_limit: flags.queueLimit }),
        ...(flags.processedCaseCap === undefined ? {} : { processed_case_cap: flags.processedCaseCap }),
        ...(flags.retryMaxAttempts === undefined ? {} : { retry_max_attempts: flags.retryMaxAttempts }),
        ...(flags.retryBaseDelayMs === undefined ? {} : { retry_base_delay_ms: flags.retryBaseDelayMs }),
      };
      const report = await runFixtureJob({
        fixturePath: flags.fixture,
        stateDir: flags.stateDir,
        cycle,
        nowUnixMs: () => deps.now() * 1000,
        sleep: async (ms) => void (await sleep(ms)),
        host: deps.host,
      });
      const c = report.counters;
      const h = report.health;
      const k = report.classification;
      if (flags.json) {
        printJson(deps.output, {
          fixture_path: report.fixture_path,
          fixture_name: report.fixture_name,
          state_path: report.state_path,
          events_log_path: report.events_log_path,
          ...c,
          backlog_cases: c.discovered_cases - c.queued_cases,
          reason_codes: report.reason_codes,
          health_state: k.state,
          health_reason: k.reason,
          rollout_gate: k.rollout_gate,
          failure_streak: h.failure_streak,
          queue_depth: h.queue_depth,
          processed: report.processed,
        });
        return;
      }
      deps.output.out(
        `deployment runner summary: discovered=${c.discovered_cases} queued=${c.queued_cases} applied=${c.applied_cases} duplicate_skips=${c.duplicate_skips} malformed=${c.malformed_cases} retryable_failures=${c.retryable_failures} retries=${c.retry_attempts} failed=${c.failed_cases} upserted_rollouts=${c.upserted_rollouts} wasm_rollouts=${c.wasm_rollouts} cloud_rollouts=${c.cloud_rollouts}`,
      );
      deps.output.out(
        `deployment runner health: state=${k.state} failure_streak=${h.failure_streak} queue_depth=${h.queue_depth} reason=${k.reason}`,
      );
    },
  );
}
