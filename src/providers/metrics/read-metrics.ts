// The metrics source of a stage, chosen by the config (metrics.source) or an input. The
// Prometheus client loads only when it is the source.
import { RollgateError } from '../../core/errors.js';
import type { Config } from '../../config/schema.js';
import { readCommandMetrics } from './command-metrics.js';
import { readFileMetrics } from './file-metrics.js';
import type { MetricsRequest, RawMetrics } from './raw-metrics.js';

export type MetricsSourceSpec =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'command'; readonly command: string }
  | {
      readonly kind: 'prometheus';
      readonly url: string;
      readonly queries: NonNullable<Config['metrics']['prometheus']>['queries'];
    };

/** The source the config describes, with an input's overrides; refuses an incomplete one. */
export function metricsSourceOf(
  metrics: Config['metrics'],
  override: {
    readonly source?: string;
    readonly file?: string;
    readonly command?: string;
    readonly prometheusUrl?: string;
  },
): MetricsSourceSpec {
  const kind = override.source ?? metrics.source;
  const missing = (what: string) =>
    new RollgateError(
      'CONFIG_INVALID',
      `metrics source ${kind} needs ${what} (config metrics.${what} or the matching input)`,
    );
  switch (kind) {
    case 'file': {
      const path = override.file ?? metrics.file;
      if (!path) throw missing('file');
      return { kind, path };
    }
    case 'command': {
      const command = override.command ?? metrics.command;
      if (!command) throw missing('command');
      return { kind, command };
    }
    case 'prometheus': {
      if (!metrics.prometheus) throw missing('prometheus');
      return { kind, url: override.prometheusUrl ?? metrics.prometheus.url, queries: metrics.prometheus.queries };
    }
    default:
      throw new RollgateError(
        'INPUT_INVALID',
        `metrics source must be file, command or prometheus, got ${JSON.stringify(kind)}`,
      );
  }
}

export async function readMetrics(
  spec: MetricsSourceSpec,
  workspace: string,
  request: MetricsRequest,
): Promise<RawMetrics> {
  switch (spec.kind) {
    case 'file':
      return readFileMetrics(spec.path, workspace, request);
    case 'command':
      return readCommandMetrics(spec.command, workspace, request);
    case 'prometheus': {
      const { readPrometheusMetrics } = await import('./prometheus-metrics.js');
      return readPrometheusMetrics({ url: spec.url, queries: spec.queries }, request);
    }
  }
}
