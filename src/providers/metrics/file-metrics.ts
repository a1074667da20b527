// A JSON file as the metrics source: read at the evaluation time; an absent or unreadable
// file is retried (a collector may still be writing it), then fails the stage closed.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RawMetrics, MetricsRequest } from './raw-metrics.js';
import { parseMetricsJson } from './metrics-json.js';
import { withRetries } from './retry.js';

/** `path` is recorded as given (workspace-relative), so the snapshot does not name the runner's disk. */
export async function readFileMetrics(path: string, workspace: string, request: MetricsRequest): Promise<RawMetrics> {
  const { value, attempts } = await withRetries(request, `metrics file ${path}`, async () =>
    parseMetricsJson(await readFile(resolve(workspace, path), 'utf8'), path),
  );
  return { source: { kind: 'file', ref: path }, queries: {}, values: value, attempts };
}
