// The PromQL that reads the demo's synthetic service (demo-exporter.ts): canary traffic and
// errors, and the p95 latency of each track in milliseconds. `$window` is the metrics window.
export const DEMO_QUERIES = {
  requests: 'sum(increase(http_requests_total{track="canary"}[$window]))',
  errors: 'sum(increase(http_requests_total{track="canary",code="500"}[$window]))',
  p95_baseline:
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track="baseline"}[$window]))) * 1000',
  p95_canary:
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track="canary"}[$window]))) * 1000',
} as const;
