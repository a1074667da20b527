// The `.rollgate/` layout (DESIGN 5), in one place. Objects are named by the SHA-256 of their
// bytes: objects/sha256/<2 hex>/<62 hex>.
import { join } from 'node:path';
import { toHex } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';

export const DEFAULT_STATE_DIR = '.rollgate';

export interface StoreLayout {
  readonly root: string;
  readonly objects: string;
  readonly wal: string;
  readonly commits: string;
  readonly steps: string;
  readonly gc: string;
  readonly stateJson: string;
  readonly eventsLog: string;
  readonly wasmArtifacts: string;
}

export function storeLayout(root: string): StoreLayout {
  return {
    root,
    objects: join(root, 'objects', 'sha256'),
    wal: join(root, 'wal'),
    commits: join(root, 'commits'),
    steps: join(root, 'steps'),
    gc: join(root, 'gc'),
    stateJson: join(root, 'state.json'),
    eventsLog: join(root, 'runtime-events.jsonl'),
    wasmArtifacts: join(root, 'wasm-artifacts'),
  };
}

export function objectPath(layout: StoreLayout, digest: Uint8Array): string {
  const hex = toHex(digest);
  return join(layout.objects, hex.slice(0, 2), hex.slice(2));
}

// Run ids become directory and file names: a strict alphabet keeps them from escaping.
const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertRunId(runId: string): string {
  if (typeof runId !== 'string' || !RUN_ID_RE.test(runId) || runId.includes('..')) {
    throw new RollgateError(
      'INPUT_INVALID',
      `run id ${JSON.stringify(String(runId).slice(0, 140))} must match ${RUN_ID_RE.source}`,
    );
  }
  return runId;
}

export function walPath(layout: StoreLayout, runId: string): string {
  return join(layout.wal, `${assertRunId(runId)}.wal`);
}

export function walLockPath(layout: StoreLayout, runId: string): string {
  return join(layout.wal, `${assertRunId(runId)}.lock`);
}

export function commitPointerPath(layout: StoreLayout, runId: string): string {
  return join(layout.commits, assertRunId(runId), 'COMMITTED');
}

export function stepHeadPath(layout: StoreLayout, runId: string, stepIndex: number): string {
  return join(layout.steps, assertRunId(runId), String(stepIndex));
}
