// The GitHub deployments client against the fake GitHub, which validates every request and
// response against GitHub's OpenAPI description: the happy paths end with zero violations, the
// retries are counted through the fake's call log and an injected sleep (no real waits).
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRollgateError, type RollgateError } from '../../src/core/errors.js';
import { githubDeployments, type GithubDeploymentsOptions } from '../../src/github/deployments-client.js';
import type { DeploymentsPort } from '../../src/github/deployments-port.js';
import { faults, startFakeGitHub, type FakeGitHub } from './fake-github.js';

const SHA = 'a'.repeat(40);

let fake: FakeGitHub;
let sleeps: number[];

beforeEach(async () => {
  fake = await startFakeGitHub();
  sleeps = [];
});
afterEach(async () => {
  await fake.close();
});

function client(options: Partial<GithubDeploymentsOptions> = {}): DeploymentsPort {
  return githubDeployments({
    token: fake.token,
    repository: 'octo-org/octo-app',
    apiUrl: fake.url,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<RollgateError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRollgateError(error)) throw new Error(`expected a RollgateError, got ${inspect(error)}`);
  return error;
}

const deploy = (github: DeploymentsPort, environment: string, ref: string, production = false) =>
  github.createDeployment({
    ref,
    environment,
    description: `rollgate promote ${ref}`,
    payload: { release_hash: `sha256:${ref.padEnd(64, '0')}` },
    production_environment: production,
  });

describe('githubDeployments against the fake GitHub', () => {
  it('creates a deployment as rollgate needs it: no auto-merge, no required contexts, the payload kept', async () => {
    const github = client();
    const { id } = await github.createDeployment({
      ref: SHA,
      environment: 'staging',
      description: 'rollgate promote',
      payload: { release_hash: 'sha256:' + 'b'.repeat(64), run_id: 7 },
      production_environment: false,
    });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.body).toEqual({
      ref: SHA,
      environment: 'staging',
      description: 'rollgate promote',
      payload: { release_hash: 'sha256:' + 'b'.repeat(64), run_id: 7 },
      production_environment: false,
      auto_merge: false,
      required_contexts: [],
    });
    expect(fake.deployments[0]).toMatchObject({ id, sha: SHA, environment: 'staging' });
    expect(fake.violations).toEqual([]);
  });

  it('sets statuses in_progress then success; the earlier success becomes inactive (auto_inactive)', async () => {
    const github = client();
    const first = await deploy(github, 'staging', 'v1');
    await github.setStatus(first.id, { state: 'success', description: 'v1 promoted' });
    const second = await deploy(github, 'staging', 'v2');
    await github.setStatus(second.id, {
      state: 'in_progress',
      description: 'promoting v2',
      log_url: 'https://github.com/octo-org/octo-app/actions/runs/1',
    });
    expect(fake.latestState(first.id)).toBe('success');
    await github.setStatus(second.id, {
      state: 'success',
      description: 'v2 promoted',
      log_url: 'https://github.com/octo-org/octo-app/actions/runs/1',
      environment_url: 'https://staging.example.com',
    });
    expect(fake.statuses(second.id).map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(fake.latestState(first.id)).toBe('inactive');
    const bodies = fake.calls.filter((c) => c.path.endsWith('/statuses')).map((c) => c.body);
    expect(bodies[1]).toEqual({
      state: 'in_progress',
      description: 'promoting v2',
      log_url: 'https://github.com/octo-org/octo-app/actions/runs/1',
      auto_inactive: false,
    });
    expect(bodies[2]).toMatchObject({ state: 'success', auto_inactive: true });
    expect(await github.listSuccessful('staging')).toMatchObject([{ id: second.id, ref: 'v2' }]);
    expect(fake.violations).toEqual([]);
  });

  it('cuts a status description to the 140 characters GitHub allows', async () => {
    const github = client();
    const { id } = await deploy(github, 'staging', 'v1');
    await github.setStatus(id, { state: 'failure', description: 'x'.repeat(500) });
    const description = fake.statuses(id)[0]?.description as string;
    expect(description).toHaveLength(140);
    expect(description.endsWith('…')).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('listSuccessful: newest first, only deployments whose latest status is success, one environment', async () => {
    const github = client();
    // Production keeps its successes: GitHub's auto_inactive skips production environments.
    const v1 = await deploy(github, 'production', 'v1', true);
    await github.setStatus(v1.id, { state: 'success', description: 'ok' });
    const v2 = await deploy(github, 'production', 'v2', true);
    await github.setStatus(v2.id, { state: 'success', description: 'ok' });
    const v3 = await deploy(github, 'production', 'v3', true);
    await github.setStatus(v3.id, { state: 'success', description: 'ok' });
    await github.setStatus(v3.id, { state: 'failure', description: 'health failed after promotion' });
    const v4 = await deploy(github, 'production', 'v4', true);
    await github.setStatus(v4.id, { state: 'in_progress', description: 'promoting' });
    const other = await deploy(github, 'staging', 'v9');
    await github.setStatus(other.id, { state: 'success', description: 'ok' });

    const found = await github.listSuccessful('production');
    expect(found.map((d) => d.ref)).toEqual(['v2', 'v1']);
    expect(found[0]).toEqual({
      id: v2.id,
      ref: 'v2',
      sha: fake.deployments.find((d) => d.id === v2.id)?.sha,
      environment: 'production',
      payload: { release_hash: `sha256:${'v2'.padEnd(64, '0')}` },
      created_at: fake.deployments.find((d) => d.id === v2.id)?.created_at,
    });
    const statusQueries = fake.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/statuses'));
    expect(statusQueries.map((c) => c.query)).toEqual(Array(4).fill({ per_page: '1' }));
    expect(await github.listSuccessful('nowhere')).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('listSuccessful follows pages up to listLimit and looks no further', async () => {
    const github = client({ listLimit: 130 });
    for (let n = 1; n <= 140; n++) {
      const { id } = await deploy(github, 'staging', `v${n}`);
      if (n === 5 || n === 20 || n === 125) await github.setStatus(id, { state: 'success', description: 'ok' });
    }
    // v5 and v20 were made inactive by v125's success (staging is not a production environment).
    expect(fake.latestState(fake.deployments[4]?.id ?? 0)).toBe('inactive');
    expect((await github.listSuccessful('staging')).map((d) => d.ref)).toEqual(['v125']);
    const lists = fake.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/deployments'));
    expect(lists.map((c) => c.query)).toEqual([
      { environment: 'staging', per_page: '100', page: '1' },
      { environment: 'staging', per_page: '100', page: '2' },
    ]);
    expect(fake.calls.filter((c) => c.path.endsWith('/statuses') && c.method === 'GET')).toHaveLength(130);

    // The newest 10 are v131..v140: none successful, and v125 is beyond the bound.
    const near = client({ listLimit: 10 });
    fake.calls.length = 0;
    expect(await near.listSuccessful('staging')).toEqual([]);
    expect(fake.calls.filter((c) => c.path.endsWith('/deployments'))).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it('creates a completed check run with its output and details URL', async () => {
    const github = client();
    const { id } = await github.createCheckRun({
      name: 'rollgate / promote production',
      head_sha: SHA,
      conclusion: 'success',
      title: 'Promoted to production',
      summary: '| check | result |\n| --- | --- |\n| certificate | valid |',
      details_url: 'https://github.com/octo-org/octo-app/actions/runs/1',
    });
    expect(fake.checkRuns[0]).toMatchObject({
      id,
      status: 'completed',
      conclusion: 'success',
      head_sha: SHA,
      output: { title: 'Promoted to production' },
    });
    expect(fake.violations).toEqual([]);
  });

  it('sends the documented headers: bearer token, GitHub media type, API version, a user agent', async () => {
    const seen: Headers[] = [];
    const github = client({
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    await deploy(github, 'staging', 'v1');
    expect(seen[0]?.get('authorization')).toBe(`Bearer ${fake.token}`);
    expect(seen[0]?.get('accept')).toBe('application/vnd.github+json');
    expect(seen[0]?.get('x-github-api-version')).toBe('2022-11-28');
    expect(seen[0]?.get('user-agent')).toMatch(/^rollgate\/\d+\.\d+\.\d+ /);
  });
});

describe('retries', () => {
  it('retries a 502 with exponential backoff, then succeeds', async () => {
    fake.failNext(2, faults.badGateway());
    const { id } = await deploy(client(), 'staging', 'v1');
    expect(fake.calls.map((c) => c.status)).toEqual([502, 502, 201]);
    expect(sleeps).toEqual([1000, 2000]);
    expect(fake.deployments.map((d) => d.id)).toEqual([id]);
    expect(fake.violations).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    fake.failNext(1, faults.dropConnection());
    await deploy(client(), 'staging', 'v1');
    expect(fake.calls.map((c) => c.status)).toEqual([0, 201]);
    expect(sleeps).toEqual([1000]);
  });

  it('honours retry-after on 429', async () => {
    fake.failNext(1, faults.tooManyRequests(7));
    await client().createCheckRun({ name: 'c', head_sha: SHA, conclusion: 'failure', title: 't', summary: 's' });
    expect(fake.calls.map((c) => c.status)).toEqual([429, 201]);
    expect(sleeps).toEqual([7000]);
    expect(fake.violations).toEqual([]);
  });

  it('waits for x-ratelimit-reset on a 403 with no requests remaining', async () => {
    fake.failNext(1, faults.rateLimitExhausted(Math.floor(Date.now() / 1000) + 10));
    await deploy(client(), 'staging', 'v1');
    expect(fake.calls.map((c) => c.status)).toEqual([403, 201]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(9_000);
    expect(sleeps[0]).toBeLessThanOrEqual(12_000);
  });

  it('does not wait out a rate limit that resets later than the longest wait', async () => {
    fake.failNext(1, faults.rateLimitExhausted(Math.floor(Date.now() / 1000) + 3600));
    const error = await failure(deploy(client(), 'staging', 'v1'));
    expect(error.code).toBe('GITHUB_API_FAILED');
    expect(error.message).toMatch(/HTTP 403 .*rate limited for \d+ s more/);
    expect(sleeps).toEqual([]);
  });

  it('gives up after its retries with a coded error naming the operation and status, never the token', async () => {
    fake.failNext(10, faults.badGateway());
    const error = await failure(client({ retries: 2 }).listSuccessful('production'));
    expect(fake.calls).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
    expect(error.code).toBe('GITHUB_API_FAILED');
    expect(error.message).toMatch(/^GitHub list deployments \(production\) page 1 failed: HTTP 502 .*gave up after 3/);
    expect(error.diagnostics).toEqual({ operation: 'list deployments (production) page 1', status: 502, attempts: 3 });
    expect(inspect(error, { depth: 20 })).not.toContain(fake.token);
    expect(JSON.stringify(error.diagnostics)).not.toContain(fake.token);
  });

  it('does not retry a 422, and the fake records the request that broke the schema', async () => {
    const github = client();
    const { id } = await deploy(github, 'staging', 'v1');
    const error = await failure(github.setStatus(id, { state: 'shipped' as never, description: 'x' }));
    expect(error.code).toBe('GITHUB_API_FAILED');
    expect(error.message).toMatch(/^GitHub set deployment \d+ status shipped failed: HTTP 422 \(Validation Failed/);
    expect(error.diagnostics).toMatchObject({ status: 422, attempts: 1 });
    expect(sleeps).toEqual([]);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatch(
      /repos\/create-deployment-status.*body\/state must be equal to one of the allowed values/,
    );
  });

  it('does not retry a 401 (a wrong token)', async () => {
    const error = await failure(deploy(client({ token: 'ghs_wrong' }), 'staging', 'v1'));
    expect(error.message).toMatch(/HTTP 401 \(Bad credentials/);
    expect(error.message).not.toContain('ghs_wrong');
    expect(fake.calls).toHaveLength(1);
  });
});

describe('the fake validates what it receives and sends', () => {
  const headers = (token: string) => ({
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'content-type': 'application/json',
  });

  it('rejects a status with a state GitHub does not know, and a non-integer deployment id', async () => {
    const bad = await fetch(`${fake.url}/repos/octo-org/octo-app/deployments/1/statuses`, {
      method: 'POST',
      headers: headers(fake.token),
      body: JSON.stringify({ state: 'done' }),
    });
    expect(bad.status).toBe(422);
    const badId = await fetch(`${fake.url}/repos/octo-org/octo-app/deployments/one/statuses?per_page=x`, {
      headers: headers(fake.token),
    });
    expect(badId.status).toBe(422);
    expect(fake.violations).toEqual([
      expect.stringMatching(/POST .*: body\/state must be equal to one of the allowed values/),
      expect.stringMatching(/GET .*path parameter deployment_id: data must be integer/),
      expect.stringMatching(/GET .*query parameter per_page: data must be integer/),
    ]);
  });

  it('rejects a deployment without its required ref, unknown query parameters and missing headers', async () => {
    await fetch(`${fake.url}/repos/octo-org/octo-app/deployments`, {
      method: 'POST',
      headers: headers(fake.token),
      body: JSON.stringify({ environment: 'staging', payload: 42 }),
    });
    await fetch(`${fake.url}/repos/octo-org/octo-app/deployments?state=success`, { headers: {} });
    expect(fake.violations).toEqual([
      expect.stringMatching(/body must have required property 'ref', body\/payload must be object/),
      expect.stringMatching(/accept is \*\/\*/),
      expect.stringMatching(/x-github-api-version/),
      expect.stringMatching(/unknown query parameter state/),
    ]);
  });
});

describe('the fake validates its own responses', () => {
  it('flags a status description past the 140 characters the response schema allows', async () => {
    // The request schema sets no limit, the response schema does: a client that does not cut
    // its descriptions is caught by the response check.
    const { id } = await deploy(client(), 'staging', 'v1');
    await fetch(`${fake.url}/repos/octo-org/octo-app/deployments/${id}/statuses`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fake.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify({ state: 'success', description: 'y'.repeat(141) }),
    });
    expect(fake.violations).toEqual([
      expect.stringMatching(/response 201: response\/description must NOT have more than 140 characters/),
    ]);
  });
});

describe('options', () => {
  it('refuses a repository that is not owner/repo and an empty token', () => {
    expect(() => githubDeployments({ token: 't', repository: 'octo-app' })).toThrow(/owner\/repo/);
    expect(() => githubDeployments({ token: ' ', repository: 'o/r' })).toThrow(/token/);
  });
});
