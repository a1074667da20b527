// A synthetic service the demo (and the metrics tests) controls: it makes up its own baseline
// and canary traffic and exposes it to Prometheus with prom-client, as a real service would
// (http_requests_total{track,code}, http_request_duration_seconds{track}). Latencies spread
// ±10 % around the profile's value; errors follow an exact running fraction, so 1.5 % is 1.5 %.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TrafficProfile {
  /** Fraction of canary requests answered 500, 0..1. */
  readonly canaryErrorRate: number;
  readonly canaryLatencyMs: number;
  readonly baselineLatencyMs: number;
}

export interface DemoExporter {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  set(profile: TrafficProfile): void;
  stop(): Promise<void>;
}

const TICK_MS = 20;
const REQUESTS_PER_TICK = 10;

export async function startDemoExporter(
  initial: TrafficProfile = { canaryErrorRate: 0, canaryLatencyMs: 100, baselineLatencyMs: 100 },
): Promise<DemoExporter> {
  const client = (await import('prom-client')).default;
  const registry = new client.Registry();
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'Requests served, by track and status code',
    labelNames: ['track', 'code'],
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Request latency, by track',
    labelNames: ['track'],
    // 5 ms steps up to 300 ms, so p95 tells 100 ms from 130 ms; coarser up to 2 s.
    buckets: [...Array.from({ length: 60 }, (_, i) => ((i + 1) * 5) / 1000), 0.35, 0.4, 0.5, 0.75, 1, 1.5, 2],
    registers: [registry],
  });
  let profile = initial;
  let served = 0;
  let errors = 0;
  const latency = (ms: number) => (ms * (0.9 + 0.2 * Math.random())) / 1000;
  // Both series exist from the first scrape, so increase() over them is 0, not "no data".
  requests.inc({ track: 'canary', code: '500' }, 0);
  const timer = setInterval(() => {
    for (let i = 0; i < REQUESTS_PER_TICK; i++) {
      requests.inc({ track: 'baseline', code: '200' });
      duration.observe({ track: 'baseline' }, latency(profile.baselineLatencyMs));
      served++;
      const error = errors < served * profile.canaryErrorRate;
      if (error) errors++;
      requests.inc({ track: 'canary', code: error ? '500' : '200' });
      duration.observe({ track: 'canary' }, latency(profile.canaryLatencyMs));
    }
  }, TICK_MS);
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    set(next) {
      // The running fraction restarts, so the new rate holds from now on.
      profile = next;
      served = 0;
      errors = 0;
    },
    stop: () =>
      new Promise<void>((done) => {
        clearInterval(timer);
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
