// The whole pipeline over the built actions, each job its own process in its own fresh checkout
// of the repository, with only the `state` output and the artifact store (a directory
// transport, as the actions use GitHub's artifacts) between them: lock-verify → package →
// preflight → canary-stage ×2 → gate → promote staging → preflight → canary-stage ×2 → gate →
// promote production; and a breaching stage → rollback. GitHub is a fake checked against its
// OpenAPI description. release.json travels as a workflow's own upload-artifact would carry it.
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateKeyToPem } from '../../src/core/index.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { seedSuccessfulDeployment } from '../github/seed-deployment.js';
import type { ActionRun } from '../helpers/run-action.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { freshCheckoutJobs, pipelineRepo } from './fresh-checkout-jobs.js';

const KEY = new Uint8Array(32).fill(9);
const PEM = privateKeyToPem(KEY);
/** An older successful deployment: the rollback must prefer the newer one. */
const PREVIOUS = `sha256:${'7'.repeat(64)}`;
const REPO = pipelineRepo(['staging', 'production'], [{ key: KEY, roles: ['release', 'certificate'] }]);

let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub({ owner: 'org', repo: 'app' });
  await seedSuccessfulDeployment(github, {
    environment: 'staging',
    release_hash: PREVIOUS,
    description: 'the release before',
  });
});
afterAll(async () => github.close());

describe.each(nodeRuntimes())('the pipeline over the built actions on $name', ({ path: node }) => {
  const jobs = freshCheckoutJobs({
    repo: REPO,
    node,
    label: 'e2e',
    env: () => ({
      GITHUB_REPOSITORY: 'org/app',
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_API_URL: github.url,
      GITHUB_RUN_ID: '1',
    }),
  });
  const { artifacts } = jobs;
  let promoted = '';

  /** One job; nothing may reach its stderr. */
  async function job(action: string, inputs: Record<string, string>, files: string[] = []): Promise<ActionRun> {
    const run = await jobs.job(action, inputs, files);
    expect({ action, stderr: run.stderr }).toEqual({ action, stderr: '' });
    return run;
  }

  it('promotes staging then production, each job seeing only the state and the artifacts', async () => {
    const lock = await job('lock-verify', {
      lockfiles: 'uv.lock',
      'python-version': '3.12.7',
      'pip-version': '24.2',
      'installer-version': 'uv 0.5.1',
    });
    expect(lock.status).toBe(0);
    const pkg = await job('package', {
      'output-dir': 'out',
      'release-id': 'v1.0.0',
      artifacts: 'build/app.bin',
      'signing-key': PEM,
      state: lock.outputs.state!,
    });
    expect(pkg.status).toBe(0);
    let state = pkg.outputs.state!;
    for (const environment of ['staging', 'production']) {
      const pf = await job(
        'preflight',
        { manifest: 'out/release.json', 'trust-store': 'trust.json', environment, state },
        ['out'],
      );
      expect(pf.outputs.verdict).toBe('pass');
      state = pf.outputs.state!;
      for (const cohort of ['50', '100']) {
        const stage = await job('canary-stage', { state, environment });
        expect(stage.outputs).toMatchObject({ verdict: 'pass', cohort });
        state = stage.outputs.state!;
      }
      const gate = await job('gate', { state, environment });
      expect(gate.outputs.verdict).toBe('pass');
      const promote = await job('promote', {
        state: gate.outputs.state!,
        environment,
        'certificate-key': PEM,
        'trust-store': 'trust.json',
        'github-token': github.token,
      });
      expect(promote.status).toBe(0);
      expect(promote.outputs['release-hash']).toBe(pkg.outputs['release-hash']);
      promoted = promote.outputs['release-hash']!;
      state = promote.outputs.state!;
    }
    // Every state a job output was published under its head's name, and nothing else.
    const names = readdirSync(artifacts).sort();
    expect(names.every((n) => /^rollgate-state-[0-9a-f]{64}\.tar$/.test(n))).toBe(true);
    expect(names).toContain(`rollgate-state-${state.slice(7)}.tar`);
    expect(github.checkRuns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['rollgate / staging', 'rollgate / production']),
    );
    expect(github.violations).toEqual([]);
  }, 300_000);

  // The release promoted above is the environment's latest success on GitHub: the one restored.
  it('a breaching stage fails its job, and the rollback job restores the release before', async () => {
    const lock = await job('lock-verify', { lockfiles: 'uv.lock' });
    const pkg = await job('package', {
      'output-dir': 'out',
      'release-id': 'v2.0.0',
      artifacts: 'build/app.bin',
      'signing-key': PEM,
      state: lock.outputs.state!,
    });
    const pf = await job(
      'preflight',
      { manifest: 'out/release.json', 'trust-store': 'trust.json', state: pkg.outputs.state! },
      ['out'],
    );
    const stage = await job('canary-stage', { state: pf.outputs.state!, 'metrics-file': 'metrics/erroring.json' });
    expect(stage.status).toBe(1);
    expect(stage.outputs).toMatchObject({ verdict: 'fail', next: 'rollback' });
    const rollback = await job('rollback', {
      environment: 'staging',
      state: stage.outputs.state!,
      'github-token': github.token,
    });
    expect(rollback.status).toBe(0);
    expect(rollback.outputs).toMatchObject({ verdict: 'restored', 'restored-release-hash': promoted });
    expect([promoted]).not.toContain(PREVIOUS); // the newest success wins over the older one
    expect(rollback.outputs['rollback-report-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(github.violations).toEqual([]);
  }, 300_000);

  it('a job refuses a state whose bundle was tampered with in the artifact store', async () => {
    const lock = await job('lock-verify', { lockfiles: 'uv.lock' });
    const file = join(artifacts, `rollgate-state-${lock.outputs.state!.slice(7)}.tar`);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2048]! ^= 1;
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);
    const pkg = await job('package', {
      'output-dir': 'out',
      'release-id': 'v3.0.0',
      artifacts: 'build/app.bin',
      state: lock.outputs.state!,
    });
    expect(pkg.status).toBe(1);
    expect(pkg.stdout).toMatch(/BUNDLE_INVALID/);
  }, 120_000);
});
