// GitHub's answers are read within GITHUB_BODY_MAX_BYTES (docs/limits.md): a tiny local server
// answers an oversized body, declared by content-length or streamed without one, and the
// deployments client (through Octokit's request.fetch) and the OIDC claims reader refuse it with
// their coded errors naming the endpoint and the limit, without retrying.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRollgateError, type RollgateError } from '../../src/core/errors.js';
import { GITHUB_BODY_MAX_BYTES, boundedFetch } from '../../src/github/bounded-fetch.js';
import { githubDeployments } from '../../src/github/deployments-client.js';
import { readJobClaims } from '../../src/github/oidc-claims.js';

let server: Server | undefined;
let requests = 0;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  server = undefined;
  requests = 0;
});

async function serve(answer: (response: ServerResponse) => void): Promise<string> {
  server = createServer((_request, response) => {
    requests++;
    answer(response);
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** One byte over the limit, either declared up front or streamed in chunks with no length. */
function oversized(declared: boolean) {
  return (response: ServerResponse) => {
    const size = GITHUB_BODY_MAX_BYTES + 1;
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(declared ? { 'content-length': String(size) } : {}),
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < size; sent += chunk.length)
      response.write(chunk.subarray(0, Math.min(chunk.length, size - sent)));
    response.end();
  };
}

async function failure(promise: Promise<unknown>): Promise<RollgateError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRollgateError(error)) throw new Error(`expected a RollgateError, got ${String(error)}`);
  return error;
}

describe.each([
  ['declared by content-length', true],
  ['streamed without a length', false],
])('an oversized answer %s', (_how, declared) => {
  it('the deployments client: GITHUB_API_FAILED naming the endpoint and the limit, not retried', async () => {
    const url = await serve(oversized(declared));
    const sleeps: number[] = [];
    const github = githubDeployments({
      token: 'ghs_secret',
      repository: 'octo-org/octo-app',
      apiUrl: url,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    const error = await failure(github.listSuccessful('staging'));
    expect(error.code).toBe('GITHUB_API_FAILED');
    expect(error.message).toBe(
      `GitHub list deployments (staging) page 1 failed: GET ${url}/repos/octo-org/octo-app/deployments: the answer is over ${GITHUB_BODY_MAX_BYTES} bytes, past the limit for a GitHub answer: GitHub answers these endpoints in a few KiB: check that GITHUB_API_URL names GitHub's REST API`,
    );
    expect(error.diagnostics).toMatchObject({ limit: GITHUB_BODY_MAX_BYTES, attempts: 1 });
    expect(requests).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('the OIDC token: OIDC_TOKEN_UNAVAILABLE naming the endpoint and the limit', async () => {
    const url = await serve(oversized(declared));
    const error = await failure(
      readJobClaims({
        ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      }),
    );
    expect(error.code).toBe('OIDC_TOKEN_UNAVAILABLE');
    expect(error.message).toBe(
      `OIDC token: GET ${url}/idtoken: the answer is over ${GITHUB_BODY_MAX_BYTES} bytes, past the limit for a GitHub answer: the token service answers about 2 KiB: check ACTIONS_ID_TOKEN_REQUEST_URL, which the runner sets`,
    );
  });
});

describe('answers within the limit pass through', () => {
  it('the OIDC token service answer of a few hundred bytes gives its claims', async () => {
    const payload = Buffer.from(
      JSON.stringify({ iss: 'https://token.actions.githubusercontent.com', environment: 'staging' }),
    ).toString('base64url');
    const url = await serve((response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ count: 1, value: `h.${payload}.s` })),
    );
    const claims = await readJobClaims({
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/idtoken`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
    });
    expect(claims).toMatchObject({ environment: 'staging', iss: 'https://token.actions.githubusercontent.com' });
  });

  it('boundedFetch keeps status, headers and url, and a 204 stays bodiless', async () => {
    const url = await serve((response) =>
      response
        .writeHead(response.req.url === '/empty' ? 204 : 201, { 'x-ratelimit-remaining': '42' })
        .end(response.req.url === '/empty' ? undefined : '{"id":7}'),
    );
    const bounded = boundedFetch();
    const created = await bounded(`${url}/made`, { method: 'POST' });
    expect([created.status, created.headers.get('x-ratelimit-remaining'), created.url]).toEqual([
      201,
      '42',
      `${url}/made`,
    ]);
    expect(await created.json()).toEqual({ id: 7 });
    const empty = await bounded(`${url}/empty`);
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('an answer exactly at the limit is read', async () => {
    const url = await serve((response) => response.writeHead(200).end(Buffer.alloc(GITHUB_BODY_MAX_BYTES, 0x61)));
    expect((await (await boundedFetch()(url)).arrayBuffer()).byteLength).toBe(GITHUB_BODY_MAX_BYTES);
  });
});
