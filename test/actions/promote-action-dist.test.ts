// The promote action as the runner runs it, on Node 20 and 24: the certificate key masked
// first, the certificate issued from the gate's state, and with github-token the deployment,
// its status and the check run recorded on a fake GitHub that checks every request and
// response against GitHub's OpenAPI description.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDigest } from '../../src/core/digest.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { runActionAsync } from '../helpers/run-action.js';
import { HEALTHY, rolloutWorkspace, runStage, stageMetrics } from '../deploy/rollout-workspace.js';
import { wallClockSeconds } from '../helpers/clock.js';
import { testHost } from '../helpers/host.js';

const CONFIG = `environments: [staging, production]
rollout:
  cohorts: [100]
  dwell_seconds: 0
metrics:
  source: command
  command: cat metrics/stage-$ROLLGATE_STAGE_INDEX.json
`;

let prepared: { ws: string; gate: string };
let github: FakeGitHub;
let tokenService: { url: string; setEnvironment(e: string): void; close(): Promise<void> };

const OIDC_BEARER = 'runner-request-token-123';

/** The runner's OIDC token service: answers a JWT whose environment claim the test sets. */
async function startTokenService() {
  let environment = 'staging';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers.authorization !== `Bearer ${OIDC_BEARER}` || url.searchParams.get('audience') !== 'rollgate') {
      res.writeHead(401).end();
      return;
    }
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${part({ alg: 'RS256' })}.${part({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'rollgate',
      repository: 'org/app',
      environment,
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      run_id: '42',
      job_workflow_ref: 'org/app/.github/workflows/release.yml@refs/heads/main',
    })}.c2lnbmF0dXJl`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token?api-version=2.0`,
    setEnvironment: (e: string) => void (environment = e),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

beforeAll(async () => {
  // The built action reads the real clock: the key's window and every instant hang off it.
  const { ws, state } = await rolloutWorkspace({
    config: CONFIG,
    files: stageMetrics(HEALTHY),
    at: wallClockSeconds(),
  });
  const stage = await runStage(ws, state, { now: wallClockSeconds }).run;
  const gate = await gateJob({
    host: testHost(),
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state: stage.head_hash,
    shards: [],
    environment: 'staging',
  });
  prepared = { ws, gate: formatDigest(gate.head_hash) };
  github = await startFakeGitHub({ owner: 'org', repo: 'app' });
  tokenService = await startTokenService();
}, 60_000);

afterAll(async () => {
  await github.close();
  await tokenService.close();
});

describe.each(nodeRuntimes())('promote action on $name', ({ path: node }) => {
  it('issues the certificate, records the deployment and the check run, and masks the key', async () => {
    const ws = join(mkdtempSync(join(tmpdir(), 'rollgate-promote-')), 'ws');
    cpSync(prepared.ws, ws, { recursive: true });
    const pem = readFileSync(join(ws, 'keys/release.pem'), 'utf8');
    const before = github.deployments.length;
    const run = await runActionAsync(
      node,
      'promote',
      {
        state: prepared.gate,
        environment: 'staging',
        'certificate-key': pem,
        'github-token': github.token,
        'environment-url': 'https://staging.example.com',
        'trust-store': 'trust.json',
      },
      {
        workspace: ws,
        env: {
          GITHUB_REPOSITORY: 'org/app',
          GITHUB_SHA: 'a'.repeat(40),
          GITHUB_API_URL: github.url,
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_RUN_ID: '42',
          ACTIONS_ID_TOKEN_REQUEST_URL: tokenService.url,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: OIDC_BEARER,
        },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^::add-mask::-----BEGIN PRIVATE KEY-----/);
    expect(run.summary + JSON.stringify(run.outputs)).not.toContain(pem.split('\n')[1]);
    expect(run.outputs['certificate-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.summary).toContain('| trace\\_root\\_hash |');
    expect(run.summary).not.toContain('| NO |');
    expect(github.deployments).toHaveLength(before + 1);
    const deployment = github.deployments.at(-1)!;
    expect(String(deployment.id)).toBe(run.outputs['deployment-id']);
    expect(deployment).toMatchObject({ environment: 'staging', production_environment: false });
    expect(github.statuses(deployment.id).map((st) => st.state)).toEqual(['in_progress', 'success']);
    expect(github.checkRuns.at(-1)).toMatchObject({ name: 'rollgate / staging', conclusion: 'success' });
    expect(run.summary).toContain('| yes (OIDC claims recorded) | staging | org/app |');
    expect(run.stdout + run.summary + JSON.stringify(run.outputs)).not.toContain(OIDC_BEARER);
    expect(github.violations).toEqual([]);
  }, 60_000);

  it("refuses when the job's OIDC token names another environment, before recording anything", async () => {
    const ws = join(mkdtempSync(join(tmpdir(), 'rollgate-promote-')), 'ws');
    cpSync(prepared.ws, ws, { recursive: true });
    tokenService.setEnvironment('production');
    const before = github.deployments.length;
    try {
      const run = await runActionAsync(
        node,
        'promote',
        {
          state: prepared.gate,
          environment: 'staging',
          'certificate-key': readFileSync(join(ws, 'keys/release.pem'), 'utf8'),
          'github-token': github.token,
          'trust-store': 'trust.json',
        },
        {
          workspace: ws,
          env: {
            GITHUB_REPOSITORY: 'org/app',
            GITHUB_SHA: 'a'.repeat(40),
            GITHUB_API_URL: github.url,
            ACTIONS_ID_TOKEN_REQUEST_URL: tokenService.url,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: OIDC_BEARER,
          },
        },
      );
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('OIDC_ENVIRONMENT_MISMATCH');
      expect(run.outputs).toEqual({});
      expect(github.deployments).toHaveLength(before);
    } finally {
      tokenService.setEnvironment('staging');
    }
  }, 60_000);
});
