// A JSON file as the metrics source: read at the evaluation time; an absent or unreadable
// file is retried (a collector may still be writing it), then fails the stage closed.
import { resolve } from 'node:path';
import type { RawMetrics, MetricsRequest } from './raw-metrics.js';
import { parseMetricsJson } from './metrics-json.js';
import { withRetries } from './retry.js';
import { readTextIfPresent } from '../../util/read-text.js';

/** `path` is recorded as given (workspace-relative), so the snapshot does not name the runner's disk. */
export async function readFileMetrics(path: string, workspace: string, request: MetricsRequest): Promise<RawMetrics> {
  const { value, attempts } = await withRetries(request, `metrics file ${path}`, async () => {
    // An oversize file is METRICS_INVALID (not retried): a collector does not shrink it.
    const text = await readTextIfPresent(resolve(workspace, path), 'metrics', 'METRICS_INVALID');
    if (text === undefined) throw new Error(`${path}: no such file`);
    return parseMetricsJson(text, path);
  });
  return { source: { kind: 'file', ref: path }, queries: {}, values: value, attempts };
}
