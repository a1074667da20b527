// The demo's wait for its local Prometheus: every query has a timeout and the whole wait a
// deadline, so a Prometheus that accepts the connection and never answers is a coded
// METRICS_PROVIDER_FAILED naming the URL and the wait, not a demo that hangs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRollgateError } from '../../src/core/errors.js';
import { waitForScrape } from '../../src/demo/demo-job.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  server = undefined;
});

async function serve(answer: (respond: (body: string) => void) => void): Promise<string> {
  server = createServer((_request, response) =>
    answer((body) => response.writeHead(200, { 'content-type': 'application/json' }).end(body)),
  );
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const scrapes = (n: number) => JSON.stringify({ status: 'success', data: { result: [{ value: [0, String(n)] }] } });

describe('waitForScrape', () => {
  it('a Prometheus that never answers: each query times out, the wait ends coded', async () => {
    const url = await serve(() => undefined); // accepts, never answers
    const started = Date.now();
    const error: unknown = await waitForScrape(url, { waitMs: 300, queryTimeoutMs: 100 }).catch((e: unknown) => e);
    expect(isRollgateError(error, 'METRICS_PROVIDER_FAILED')).toBe(true);
    expect((error as Error).message).toBe(
      `Prometheus at ${url} did not scrape the demo service twice within 300 ms (a query got no answer within 100 ms): check that nothing else holds its port and run the demo again, or run it without --with-prometheus`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('returns once two scrapes are counted', async () => {
    let calls = 0;
    const url = await serve((respond) => respond(scrapes(++calls >= 3 ? 2 : 1)));
    await waitForScrape(url, { waitMs: 5_000, queryTimeoutMs: 1_000 });
    expect(calls).toBe(3);
  });

  it('one scrape only, past the deadline: says how many it saw', async () => {
    const url = await serve((respond) => respond(scrapes(1)));
    await expect(waitForScrape(url, { waitMs: 250, queryTimeoutMs: 1_000 })).rejects.toThrow(/\(1 scrapes so far\)/);
  });
});
