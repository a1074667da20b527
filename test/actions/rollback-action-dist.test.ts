// The rollback action as the runner runs it, on Node 20 and 24, by hand (workflow_dispatch:
// environment only): state.json has no history, so the last successful GitHub deployment names
// the release to restore; the deploy command gets it, health is re-checked with the same gate,
// and the rollback is recorded as a deployment on a fake GitHub checked against its OpenAPI.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { seedSuccessfulDeployment } from '../github/seed-deployment.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { runActionAsync } from '../helpers/run-action.js';
import { ERRORING, HEALTHY, rolloutWorkspace, stageMetrics } from '../deploy/rollout-workspace.js';
import { wallClockSeconds } from '../helpers/clock.js';

const STABLE = `sha256:${'5'.repeat(64)}`;
const FAILED = `sha256:${'6'.repeat(64)}`;
const CONFIG = `environments: [staging, production]
rollout:
  dwell_seconds: 0
metrics:
  source: command
  command: cat metrics/stage-0.json
deploy_command: echo "deploying $ROLLGATE_RELEASE_HASH instead of $ROLLGATE_ROLLBACK_FROM" | tee deployed.txt
`;

let github: FakeGitHub;
let prepared: string;

beforeAll(async () => {
  github = await startFakeGitHub({ owner: 'org', repo: 'app' });
  await seedSuccessfulDeployment(github, {
    environment: 'staging',
    release_hash: STABLE,
    description: 'the stable one',
  });
  prepared = (await rolloutWorkspace({ config: CONFIG, files: stageMetrics(HEALTHY), at: wallClockSeconds() })).ws;
}, 60_000);

afterAll(async () => github.close());

const env = () => ({
  GITHUB_REPOSITORY: 'org/app',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_API_URL: github.url,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '7',
});

function copy(): string {
  const ws = join(mkdtempSync(join(tmpdir(), 'rollgate-rollback-')), 'ws');
  cpSync(prepared, ws, { recursive: true });
  return ws;
}

describe.each(nodeRuntimes())('rollback action on $name', ({ path: node }) => {
  it('restores the last successful deployment and records the rollback as a deployment', async () => {
    const ws = copy();
    const run = await runActionAsync(
      node,
      'rollback',
      { environment: 'staging', 'failed-release': FAILED, 'github-token': github.token },
      { workspace: ws, env: env() },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: 'restored', 'restored-release-hash': STABLE, state: '' });
    expect(readFileSync(join(ws, 'deployed.txt'), 'utf8')).toBe(`deploying ${STABLE} instead of ${FAILED}\n`);
    expect(run.summary).toContain('| GitHub deployments |');
    expect(run.summary).toContain('| rolled\\_back | 1 |');
    const deployment = github.deployments.find((d) => String(d.id) === run.outputs['deployment-id'])!;
    expect(deployment).toMatchObject({ environment: 'staging' });
    expect(github.latestState(deployment.id)).toBe('success');
    expect(github.violations).toEqual([]);
  }, 60_000);

  it('fails the step when health still fails after the rollback', async () => {
    const ws = copy();
    writeFileSync(join(ws, 'metrics/stage-0.json'), JSON.stringify(ERRORING));
    const run = await runActionAsync(
      node,
      'rollback',
      { environment: 'staging', 'failed-release': FAILED, 'github-token': github.token },
      { workspace: ws, env: env() },
    );
    expect(run.status).toBe(1);
    expect(run.outputs.verdict).toBe('failed');
    expect(run.stdout).toContain('health still fails the gate');
    expect(github.latestState(Number(run.outputs['deployment-id']))).toBe('failure');
    expect(github.violations).toEqual([]);
  }, 60_000);
});
