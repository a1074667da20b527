// The embedded default the demo runs on: a small Python service's lockfile, its config (two
// environments, the five default cohorts, no dwell, metrics from files the demo writes), and
// the metrics of a healthy canary and of one that errors.
import { DEMO_QUERIES } from './demo-queries.js';

const HASH = (c: string) => c.repeat(64);

export const DEMO_UV_LOCK = `version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "demo-service"
version = "1.0.0"
source = { editable = "." }
dependencies = [{ name = "idna" }]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/idna-3.7.tar.gz", hash = "sha256:${HASH('a')}", size = 10 }
wheels = [{ url = "https://files.pythonhosted.org/packages/idna-3.7-py3-none-any.whl", hash = "sha256:${HASH('b')}", size = 11 }]
`;

/**
 * The demo's config. Metrics come from files the demo writes, or, with a Prometheus URL, from a
 * local Prometheus scraping the demo's own synthetic service (then each stage dwells a few
 * seconds so the window holds the traffic of that stage). The trust store is pinned by its hash
 * and the demo says it has no revocation bundle, as production requires.
 */
export function demoConfig(trustStoreHash: string, prometheusUrl?: string): string {
  const metrics = prometheusUrl
    ? `metrics:
  source: prometheus
  prometheus:
    url: ${prometheusUrl}
    queries:
${Object.entries(DEMO_QUERIES)
  .map(([name, query]) => `      ${name}: ${query}`)
  .join('\n')}`
    : `metrics:
  source: command
  command: cat "metrics/$ROLLGATE_ENVIRONMENT-stage-$ROLLGATE_STAGE_INDEX.json"`;
  return `# rollgate demo: dev is skipped, staging then production, five cohorts each.
environments: [staging, production]
rollout:
  cohorts: [1, 5, 25, 50, 100]
  dwell_seconds: ${prometheusUrl ? 4 : 0}
  metrics_window_seconds: ${prometheusUrl ? 3 : 300}
${metrics}
trust:
  trust_store: trust.json
  trust_store_hash: ${trustStoreHash}
  revocations: none
traffic_command: echo "shift $ROLLGATE_COHORT_PERCENT% to $ROLLGATE_RELEASE_HASH in $ROLLGATE_ENVIRONMENT"
deploy_command: echo "$ROLLGATE_RELEASE_HASH" > deployed-release.txt
`;
}

export const HEALTHY_METRICS = { requests: 12_000, errors: 6, p95_baseline_ms: 180, p95_canary_ms: 185 };
/** 1.5 % errors: above the 0.5 % gate. */
export const ERRORING_METRICS = { requests: 12_000, errors: 180, p95_baseline_ms: 180, p95_canary_ms: 240 };

/** The same two canaries as the synthetic service's traffic profiles. */
export const HEALTHY_TRAFFIC = { canaryErrorRate: 0.0005, canaryLatencyMs: 185, baselineLatencyMs: 180 };
export const ERRORING_TRAFFIC = { canaryErrorRate: 0.015, canaryLatencyMs: 240, baselineLatencyMs: 180 };
