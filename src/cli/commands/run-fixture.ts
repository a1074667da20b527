// `rollgate run-fixture` (DESIGN 8.5): one cycle of document 001's contract runner over a
// fixture, printed as the reference runner's two summary lines or as one JSON document.
import type { Command } from 'commander';
import { DEFAULT_STATE_DIR } from '../../store/layout.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { nonNegativeInteger, positiveInteger } from '../parse-options.js';

interface Flags {
  fixture: string;
  stateDir: string;
  queueLimit?: number;
  processedCaseCap?: number;
  retryMaxAttempts?: number;
  retryBaseDelayMs?: number;
  json?: boolean;
}

export function registerRunFixture(program: Command, deps: CliDeps, run: RunCommand): void {
  program
    .command('run-fixture')
    .description(
      "replay a document 001 deployment fixture: one runner cycle with duplicate skips, bounded retries and each case's contract check, recorded in state.json and runtime-events.jsonl",
    )
    .requiredOption('--fixture <file>', 'deployment contract fixture (schema_version 1)')
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--queue-limit <n>', 'cases queued per cycle (default 64)', positiveInteger)
    .option(
      '--processed-case-cap <n>',
      'processed case keys remembered, oldest dropped (default 10000)',
      positiveInteger,
    )
    .option('--retry-max-attempts <n>', 'attempts of a retryable case per cycle (default 4)', positiveInteger)
    .option('--retry-base-delay-ms <n>', 'backoff base: base * 2^(attempt-1) ms (default 0)', nonNegativeInteger)
    .option('--json', 'print one JSON document')
    .action((flags: Flags) =>
      run(async () => {
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
      }),
    );
}
