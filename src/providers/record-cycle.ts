// Records one runtime cycle in the state directory: the new health in state.json (everything
// else kept) and one line in runtime-events.jsonl. Used by every stage, the rollback's health
// re-check and the contract runner.
import { mkdir } from 'node:fs/promises';
import { eventLine, healthAfter, type CycleCounters } from '../runtime/cycle.js';
import { emptyState, type StateDocument } from '../store/state-document.js';
import { appendEvent, readState, writeState } from '../store/state-file.js';

export async function recordCycle(
  stateDir: string,
  counters: CycleCounters,
  at: { now_unix_ms: number; duration_ms: number },
  update: (state: StateDocument) => StateDocument = (s) => s,
): Promise<StateDocument> {
  await mkdir(stateDir, { recursive: true });
  const previous = (await readState(stateDir)) ?? emptyState();
  const health = healthAfter(previous.health, counters, at);
  const next = { ...update(previous), health };
  await writeState(stateDir, next);
  await appendEvent(stateDir, eventLine(health, counters));
  return next;
}
