// An environment's checkpoint schema across releases, end to end: promote records the schema the
// environment is at once the release runs there (the release's requirement, else what it was)
// in the certificate, state.json and the GitHub deployment's payload, and the next release's
// preflight compares its requirement against it: from state.json on the machine that promoted,
// from GitHub's deployments on a fresh checkout (the fake GitHub checks every call against
// GitHub's OpenAPI description).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubDeployments } from '../../src/github/deployments-client.js';
import type { DeploymentsPort } from '../../src/github/deployments-port.js';
import { lockVerifyJob } from '../../src/jobs/lock-verify-job.js';
import { packageJob } from '../../src/jobs/package-job.js';
import { preflightJob } from '../../src/jobs/preflight-job.js';
import { promoteJob } from '../../src/jobs/promote-job.js';
import {
  HEALTHY,
  PROMOTION_CONFIG,
  passedGate,
  T0,
  rolloutWorkspace,
  stageMetrics,
} from '../deploy/rollout-workspace.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { testHost } from '../helpers/host.js';

let ws: string;
let fake: FakeGitHub;
let github: DeploymentsPort;

beforeAll(async () => {
  ws = (await rolloutWorkspace({ config: PROMOTION_CONFIG, files: stageMetrics(HEALTHY, HEALTHY) })).ws;
  fake = await startFakeGitHub();
  github = githubDeployments({ token: fake.token, repository: 'octo-org/octo-app', apiUrl: fake.url });
}, 60_000);
afterAll(() => fake.close());

const common = () => ({ workspace: ws, stateDir: '.rollgate', configPath: '.github/rollgate.yml' });

/** A release needing `schema` (compatible with `compatible`): locked, packaged and preflighted for staging. */
async function release(version: string, schema: string, compatible: string[], deployments?: DeploymentsPort) {
  const lock = await lockVerifyJob({
    workspace: ws,
    lockfiles: ['uv.lock'],
    mode: 'enforce',
    stateDir: '.rollgate',
    runId: `run-${version}`,
    toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'uv 0.5.1' },
    host: testHost(),
  });
  const pkg = await packageJob({
    ...common(),
    outputDir: `out-${version}`,
    releaseId: version,
    sourceCommit: 'c'.repeat(40),
    files: ['build/app.bin'],
    images: [],
    checkpoint: { schema_id: schema, compatible_with: compatible },
    parent: lock.head_hash,
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
  });
  const pf = await preflightJob({
    ...common(),
    host: testHost(),
    releasePath: `out-${version}/release.json`,
    artifactDir: '.',
    trustStorePath: 'trust.json',
    environment: 'staging',
    parent: pkg.head_hash,
    at: T0 + 100,
    ...(deployments ? { deployments } : {}),
  });
  return pf;
}

/** Stages, gate and promotion of staging, recording the deployment on the fake GitHub. */
async function promoteStaging(state: Uint8Array, version: string) {
  return promoteJob({
    ...common(),
    state: await passedGate(ws, state, 'staging'),
    environment: 'staging',
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
    tenantId: 'octo-org/octo-app',
    trustStorePath: 'trust.json',
    outputDir: `out-${version}`,
    now: T0 + 3600,
    github: { deployments: github, ref: 'a'.repeat(40), sha: 'a'.repeat(40), run_url: 'https://example.test/run' },
  });
}

const checkpointCheck = (pf: Awaited<ReturnType<typeof release>>) =>
  pf.report.checks.find((c) => c.check === 'checkpoint')!;
const stagingSchema = () =>
  (
    JSON.parse(readFileSync(join(ws, '.rollgate/state.json'), 'utf8')) as {
      environments: { staging: { checkpoint_schema?: string } };
    }
  ).environments.staging.checkpoint_schema;

describe('checkpoint schema across releases', () => {
  it('the first release sets the schema; promotion records it in the certificate, state.json and the deployment', async () => {
    const first = await release('v1', 'db-v1', []);
    expect(checkpointCheck(first)).toMatchObject({
      result: 'pass',
      details: ['no checkpoint recorded for the environment (state.json records none): the release sets db-v1'],
    });
    expect(first.report.environment_checkpoint).toBeNull();
    const promoted = await promoteStaging(first.head_hash, 'v1');
    expect(promoted.certificate.signed_payload.checkpoint_schema).toBe('db-v1');
    expect(promoted.evidence_report.comparisons).toContainEqual({
      field: 'checkpoint_schema',
      certificate: 'db-v1',
      expected: 'db-v1',
      equal: true,
    });
    expect(stagingSchema()).toBe('db-v1');
    expect(fake.deployments.at(-1)?.payload).toMatchObject({ checkpoint_schema: 'db-v1' });
    expect(fake.violations).toEqual([]);
  }, 60_000);

  it('a release that needs a migration the environment has not had is refused at preflight', async () => {
    const skipping = await release('v3', 'db-v3', ['db-v2']);
    expect(skipping.report.verdict).toBe('fail');
    expect(checkpointCheck(skipping)).toEqual({
      check: 'checkpoint',
      result: 'fail',
      codes: ['CHECKPOINT_INCOMPATIBLE'],
      details: ['the environment is at db-v1 (state.json); the release needs db-v3 or one of db-v2'],
    });
  }, 60_000);

  it('the next compatible release passes and moves the environment on', async () => {
    const next = await release('v2', 'db-v2', ['db-v1']);
    expect(checkpointCheck(next)).toMatchObject({
      result: 'pass',
      details: ['checkpoint db-v1 (state.json) is compatible with db-v2'],
    });
    const promoted = await promoteStaging(next.head_hash, 'v2');
    expect(promoted.certificate.signed_payload.checkpoint_schema).toBe('db-v2');
    expect(stagingSchema()).toBe('db-v2');
    expect(fake.deployments.at(-1)?.payload).toMatchObject({ checkpoint_schema: 'db-v2' });
  }, 60_000);

  it('on a fresh checkout (no state.json) the schema comes from the newest GitHub deployment that names one', async () => {
    rmSync(join(ws, '.rollgate/state.json'));
    // Without GitHub nothing is known: the requirement is taken as the first.
    expect(checkpointCheck(await release('v4', 'db-v4', ['db-v3']))).toMatchObject({ result: 'pass' });
    const refused = await release('v4b', 'db-v4', ['db-v3'], github);
    expect(checkpointCheck(refused)).toMatchObject({
      result: 'fail',
      codes: ['CHECKPOINT_INCOMPATIBLE'],
      details: [
        `the environment is at db-v2 (GitHub deployment ${String(fake.deployments.at(-1)!.id)}); the release needs db-v4 or one of db-v3`,
      ],
    });
    const compatible = await release('v3b', 'db-v3', ['db-v2'], github);
    expect(checkpointCheck(compatible)).toMatchObject({ result: 'pass' });
    expect(fake.violations).toEqual([]);
  }, 60_000);
});
