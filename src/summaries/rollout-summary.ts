// Job summaries of canary-stage and gate: what a reviewer approves a promotion from. Every
// value a verdict rests on is in a table beside its threshold and result, with the hashes that
// name the evidence and what happens next. Pure and deterministic: the same reports give the
// same bytes; untrusted text (command output, queries, shard ids) is escaped or fenced.
import { isF64 } from '../core/cbor.js';
import { formatDigest } from '../core/digest.js';
import type { GateReport, GateResult } from '../deploy/health-gates.js';
import type { FrozenValue, MetricsSnapshot } from '../deploy/metrics-snapshot.js';
import { METRIC_NAMES } from '../deploy/metrics-snapshot.js';
import type { RolloutGateReport } from '../deploy/rollout-gate.js';
import { NEXT_STEP_TEXT, type StageReport } from '../deploy/stage-report.js';
import { table, type Cell } from '../action-shell/markdown-table.js';
import { fencedBlock } from '../action-shell/untrusted-text.js';

const ICON = { pass: '✅', hold: '⏸️', fail: '❌' } as const;

function show(v: FrozenValue | GateResult['value'] | GateResult['threshold']): string {
  if (v === null) return 'missing';
  if (typeof v === 'string') return v;
  return String(isF64(v) ? v.value : v);
}

export function gateRows(gates: readonly GateResult[]): Cell[][] {
  return gates.map((g) => [g.gate, show(g.value), g.comparison, show(g.threshold), g.result, g.reason]);
}

export function canaryStageSummary(input: {
  report: StageReport;
  snapshot: MetricsSnapshot;
  gate_report: GateReport;
  report_hash: Uint8Array;
  head_hash: Uint8Array;
  resumed: boolean;
}): string {
  const { report, snapshot, gate_report } = input;
  const traffic = report.traffic;
  return [
    `## ${ICON[report.verdict]} rollgate canary-stage ${report.stage_index} (${report.cohort_percent}%): ${report.verdict}\n`,
    input.resumed ? '_This stage was already judged; its recorded evidence is shown, not judged again._\n' : '',
    table(
      ['release_hash', 'environment', 'shard', 'stage', 'cohort', 'dwell', 'evaluated at', 'window'],
      [
        [
          { code: formatDigest(report.release_hash) },
          report.environment,
          report.shard_id,
          report.stage_index,
          `${report.cohort_percent}%`,
          `${report.dwell_seconds} s`,
          snapshot.evaluation_time_utc,
          `${snapshot.window_seconds} s`,
        ],
      ],
    ),
    '### Gates (EvaluateHealthGates_v1)\n',
    table(['gate', 'value', 'comparison', 'threshold', 'result', 'reason'], gateRows(gate_report.gates)),
    '### Frozen metrics snapshot\n',
    table(
      ['metric', 'value', 'query'],
      METRIC_NAMES.map((m) => [m, show(snapshot.values[m]), snapshot.queries[m] ? { code: snapshot.queries[m] } : '–']),
    ),
    table(
      ['source', 'attempts', 'metrics_snapshot_hash'],
      [
        [
          `${snapshot.source.kind}: ${snapshot.source.ref}`,
          report.metrics_attempts,
          { code: formatDigest(report.metrics_snapshot_hash) },
        ],
      ],
    ),
    '### Traffic\n',
    traffic
      ? [
          table(['command', 'exit code'], [[{ code: traffic.command }, traffic.exit_code]]),
          traffic.stdout
            ? `stdout${traffic.stdout_truncated ? ' (cut at 64 KiB)' : ''}:\n\n${fencedBlock(traffic.stdout)}`
            : '',
          traffic.stderr
            ? `stderr${traffic.stderr_truncated ? ' (cut at 64 KiB)' : ''}:\n\n${fencedBlock(traffic.stderr)}`
            : '',
        ].join('\n')
      : 'No traffic command: traffic is shifted outside rollgate.\n',
    '### Evidence and next step\n',
    table(
      ['gate report', 'stage report', 'state', 'checkpoint'],
      [
        [
          { code: formatDigest(report.gate_report_hash) },
          { code: formatDigest(input.report_hash) },
          { code: formatDigest(input.head_hash) },
          `${report.checkpoint.cursor} stage(s) judged, ${report.checkpoint.canary_percent}% exposed, ${report.checkpoint.status}`,
        ],
      ],
    ),
    `**Next:** ${NEXT_STEP_TEXT[report.next]}.\n`,
  ]
    .filter((part) => part !== '')
    .join('\n');
}

export const GATE_NEXT_TEXT = {
  pass: 'every stage of every shard passed and health allows it: promote may run',
  hold: 'nothing failed, but the rollout is not ready: finish the remaining stages or wait for health, then run the gate again',
  fail: 'a rollback trigger fired: roll back',
} as const;

export function gateSummary(input: {
  report: RolloutGateReport;
  report_hash: Uint8Array;
  head_hash: Uint8Array;
}): string {
  const { report } = input;
  const parts: string[] = [
    `## ${ICON[report.verdict]} rollgate gate (${report.environment}): ${report.verdict}\n`,
    table(
      ['release_hash', 'environment', 'health', 'rollout_gate', 'health from'],
      [
        [
          { code: formatDigest(report.release_hash) },
          report.environment,
          report.health.state,
          report.health.rollout_gate,
          report.health.source,
        ],
      ],
    ),
    '### Shards\n',
    table(
      ['shard', 'stages judged', 'status', 'state'],
      report.shards.map((s) => [
        s.shard_id,
        `${s.stages_judged}/${s.stages_planned}`,
        s.status,
        { code: formatDigest(s.state) },
      ]),
    ),
  ];
  for (const stage of report.stages) {
    parts.push(`### ${ICON[stage.verdict]} Stage ${stage.stage_index} (${stage.cohort_percent}%): ${stage.verdict}\n`);
    parts.push(
      table(
        ['shard', 'gate', 'value', 'comparison', 'threshold', 'result', 'replayed'],
        stage.shards.flatMap((s) =>
          s.gates.map((g): Cell[] => [
            s.shard_id,
            g.gate,
            show(g.value),
            g.comparison,
            show(g.threshold),
            g.result,
            s.replayed ? 'identical' : 'DIFFERS',
          ]),
        ),
      ),
    );
    parts.push(
      table(
        ['shard', 'metrics_snapshot_hash', 'gate_report_hash'],
        stage.shards.map((s) => [
          s.shard_id,
          { code: formatDigest(s.metrics_snapshot_hash) },
          { code: formatDigest(s.gate_report_hash) },
        ]),
      ),
    );
  }
  parts.push('### Rollback triggers\n');
  parts.push(
    table(
      ['trigger', 'fired', 'details'],
      report.rollback_triggers.map((t) => [t.trigger, t.fired ? 'yes' : 'no', t.details.join('; ') || '–']),
    ),
  );
  if (report.holds.length > 0)
    parts.push(
      table(
        ['held because'],
        report.holds.map((h) => [h]),
      ),
    );
  parts.push(
    table(
      ['rollout gate report', 'state'],
      [[{ code: formatDigest(input.report_hash) }, { code: formatDigest(input.head_hash) }]],
    ),
  );
  parts.push(`**Next:** ${GATE_NEXT_TEXT[report.verdict]}.\n`);
  return parts.join('\n');
}
