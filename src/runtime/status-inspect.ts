// The inspections of document 001: `rollgate status` (deployment-status-inspect) and
// `rollgate health` (transport-health-inspect), as JSON with the reference's field order and
// as one text line. Pure: the state and the events log text arrive as data.
import { compareText } from '../core/errors.js';
import { classifyHealth } from './health-state.js';
import type { HealthSnapshot, StateDocument } from '../store/state-document.js';

/**
 * Key-sorted counts of the non-empty texts. A rollout written by hand may lack a field or hold
 * another type: it is left out of that map rather than counted under "undefined".
 */
function counts(values: readonly unknown[]): Record<string, number> {
  const texts = values.filter((v): v is string => typeof v === 'string' && v !== '');
  const out: Record<string, number> = {};
  for (const v of texts.sort(compareText)) out[v] = (out[v] ?? 0) + 1;
  return out;
}

interface EventsSummary {
  readonly valid: number;
  readonly invalid: number;
  readonly last_reason_codes: readonly string[];
  readonly last_health_reason: string;
  readonly reason_code_counts: Record<string, number>;
}

/** Blank lines are skipped; any JSON object is a cycle report; anything else is invalid. */
export function summarizeEvents(text: string | undefined): EventsSummary {
  let valid = 0;
  let invalid = 0;
  let last: Record<string, unknown> | undefined;
  const codes: string[] = [];
  for (const line of (text ?? '').split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      invalid++;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      invalid++;
      continue;
    }
    valid++;
    last = value as Record<string, unknown>;
    if (Array.isArray(last.reason_codes))
      codes.push(...last.reason_codes.filter((c): c is string => typeof c === 'string'));
  }
  return {
    valid,
    invalid,
    last_reason_codes: Array.isArray(last?.reason_codes)
      ? last.reason_codes.filter((c): c is string => typeof c === 'string')
      : [],
    last_health_reason: typeof last?.health_reason === 'string' ? last.health_reason : '',
    reason_code_counts: counts(codes),
  };
}

export function statusReport(
  state: StateDocument,
  paths: { state_path: string; events_log_path: string },
  eventsText: string | undefined,
) {
  const classification = classifyHealth(state.health);
  const events = summarizeEvents(eventsText);
  const r = state.rollouts;
  return {
    state_path: paths.state_path,
    events_log_path: paths.events_log_path,
    events_log_present: eventsText !== undefined,
    health_state: classification.state,
    health_reason: events.last_health_reason.trim() !== '' ? events.last_health_reason : classification.reason,
    rollout_gate: classification.rollout_gate,
    processed_case_count: state.processed_case_keys.length,
    rollout_count: r.length,
    target_counts: counts(r.map((x) => x.deploy_target)),
    runtime_profile_counts: counts(r.map((x) => x.runtime_profile)),
    environment_counts: counts(r.map((x) => x.environment)),
    outcome_counts: counts(r.map((x) => x.outcome)),
    status_code_counts: counts(r.map((x) => (Number.isInteger(x.status_code) ? String(x.status_code) : undefined))),
    error_code_counts: counts(r.map((x) => x.error_code)),
    total_replicas: r.reduce((n, x) => n + (typeof x.replicas === 'number' ? x.replicas : 0), 0),
    wasm_rollout_count: r.filter((x) => x.deploy_target === 'wasm').length,
    cloud_rollout_count: r.filter(
      (x) => typeof x.deploy_target === 'string' && x.deploy_target !== '' && x.deploy_target !== 'wasm',
    ).length,
    cycle_reports: events.valid,
    invalid_cycle_reports: events.invalid,
    last_reason_codes: events.last_reason_codes,
    reason_code_counts: events.reason_code_counts,
    health: state.health,
  };
}

export type StatusReport = ReturnType<typeof statusReport>;

const textValue = (v: unknown): string => {
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.join(',');
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    return entries.length === 0 ? 'none' : entries.map(([k, x]) => `${k}:${String(x)}`).join(',');
  }
  return String(v);
};

export function statusLine(report: StatusReport): string {
  const { health, ...rest } = report;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${textValue(v)}`);
  const tail = ['queue_depth', 'failure_streak', 'last_cycle_failed', 'last_cycle_completed'].map(
    (k) => `${k}=${health[k as keyof HealthSnapshot]}`,
  );
  return `deployment status inspect: ${[...fields, ...tail].join(' ')}`;
}

export function healthRow(state: StateDocument, statePath: string) {
  return [{ transport: 'deployment', target: 'cloud-and-wasm-runtime', state_path: statePath, health: state.health }];
}

export function healthLine(row: ReturnType<typeof healthRow>[number]): string {
  const fields = Object.entries(row.health).map(([k, v]) => `${k}=${v}`);
  return `transport health inspect: transport=${row.transport} target=${row.target} state_path=${row.state_path} ${fields.join(' ')}`;
}
