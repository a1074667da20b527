// A synthetic service for tests: it makes up its own baseline and canary traffic and exposes it
// to Prometheus with prom-client, as a real service would. Plain JS so it runs without a build.
//   GET  /metrics   the Prometheus text exposition
//   POST /profile   {"canaryErrorRate":0.05,"canaryLatencyMs":130,"baselineLatencyMs":100}
// It listens on 127.0.0.1 (port 0 unless PORT is set) and prints {"port":N} on stdout once ready;
// SIGTERM stops it.
import { createServer } from 'node:http';
import client from 'prom-client';

const TICK_MS = 20;
const REQUESTS_PER_TICK = 10;

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

let profile = { canaryErrorRate: 0, canaryLatencyMs: 100, baselineLatencyMs: 100 };

// Deterministic-enough traffic: latencies spread ±10 % around the profile's value, errors by
// an exact running fraction (so 5 % means 5 %, not "about 5 % with luck").
let canaryServed = 0;
let canaryErrors = 0;
function tick() {
  for (let i = 0; i < REQUESTS_PER_TICK; i++) {
    requests.inc({ track: 'baseline', code: '200' });
    duration.observe({ track: 'baseline' }, latencySeconds(profile.baselineLatencyMs));

    canaryServed++;
    const error = canaryErrors < canaryServed * profile.canaryErrorRate;
    if (error) canaryErrors++;
    requests.inc({ track: 'canary', code: error ? '500' : '200' });
    duration.observe({ track: 'canary' }, latencySeconds(profile.canaryLatencyMs));
  }
}
function latencySeconds(ms) {
  return (ms * (0.9 + 0.2 * Math.random())) / 1000;
}
// Both series exist from the first scrape, so increase() over them is 0, not "no data".
requests.inc({ track: 'canary', code: '500' }, 0);
const timer = setInterval(tick, TICK_MS);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isRate(v) {
  return typeof v === 'number' && v >= 0 && v <= 1;
}
function isLatency(v) {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

const server = createServer((req, res) => {
  void (async () => {
    try {
      if (req.method === 'GET' && req.url === '/metrics') {
        const text = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      } else if (req.method === 'POST' && req.url === '/profile') {
        const next = { ...profile, ...JSON.parse(await readBody(req)) };
        if (!isRate(next.canaryErrorRate) || !isLatency(next.canaryLatencyMs) || !isLatency(next.baselineLatencyMs)) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end('profile: canaryErrorRate in [0, 1], latencies in ms > 0\n');
          return;
        }
        profile = next;
        // The error fraction counts from the change, so a new rate shows at once.
        canaryServed = 0;
        canaryErrors = 0;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(profile));
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found\n');
      }
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  })();
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  if (process.argv.includes('--exit-with-parent')) process.stdin.destroy();
  server.close();
  server.closeAllConnections();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// With --exit-with-parent, stdin is a pipe from the parent: its closing (the parent gone, even
// killed) stops the service too, so none outlives a crashed test run.
if (process.argv.includes('--exit-with-parent')) {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
