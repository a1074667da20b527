// The production environment (the last of the config's environments) runs only with the trust
// store pinned by its hash and the revocation bundle named, or `revocations: none` said: preflight
// and promote refuse before they read anything else. Earlier environments run without pins.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { RollgateError } from '../../src/core/errors.js';
import { preflightJob } from '../../src/jobs/preflight-job.js';
import { promoteJob } from '../../src/jobs/promote-job.js';
import { HEALTHY, PROMOTION_CONFIG, T0, rolloutWorkspace, stageMetrics } from '../deploy/rollout-workspace.js';
import { testHost } from '../helpers/host.js';

let ws: string;
let state: Uint8Array;
beforeAll(async () => {
  const built = await rolloutWorkspace({
    config: PROMOTION_CONFIG,
    files: stageMetrics(HEALTHY, HEALTHY),
    pins: false,
  });
  ws = built.ws;
  state = built.state;
}, 60_000);

const preflight = (environment: string) =>
  preflightJob({
    host: testHost(),
    workspace: ws,
    releasePath: 'out/release.json',
    artifactDir: '.',
    configPath: '.github/rollgate.yml',
    environment,
    stateDir: '.rollgate',
    parent: state,
    at: T0 + 100,
  });

const promoteProduction = () =>
  promoteJob({
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state,
    environment: 'production',
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
    tenantId: 'org/app',
    outputDir: 'out',
    now: T0 + 3600,
  });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    if (error instanceof RollgateError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

const trustBlock = (lines: string) => {
  const pin = formatDigest(sha256(readFileSync(join(ws, 'trust.json'))));
  writeFileSync(
    join(ws, '.github/rollgate.yml'),
    `${PROMOTION_CONFIG}trust:\n  trust_store: trust.json\n  trust_store_hash: ${pin}\n${lines}`,
  );
};

describe('the production environment', () => {
  // The workspace's staging preflight has already run on this config, unpinned.
  it('refuses to run with an unpinned trust store, in preflight and in promote', async () => {
    writeFileSync(join(ws, '.github/rollgate.yml'), `${PROMOTION_CONFIG}trust:\n  trust_store: trust.json\n`);
    expect(await codeOf(preflight('production'))).toBe(
      'TRUST_STORE_NOT_PINNED: production is the production environment and the config pins no trust store (trust.trust_store_hash)',
    );
    expect(await codeOf(promoteProduction())).toMatch(
      /^TRUST_STORE_NOT_PINNED: production is the production environment/,
    );
  });

  it('refuses to run without a revocation bundle or an explicit revocations: none', async () => {
    trustBlock('');
    expect(await codeOf(preflight('production'))).toMatch(
      /^REVOCATION_BUNDLE_REQUIRED: production is the production environment and the config names no revocation bundle/,
    );
    expect(await codeOf(promoteProduction())).toMatch(/^REVOCATION_BUNDLE_REQUIRED/);
  });

  it('runs with the pin and revocations: none, or with a named bundle; the pin still holds', async () => {
    trustBlock('  revocations: none\n');
    expect(await codeOf(preflight('production'))).toBe('no error');
    writeFileSync(
      join(ws, 'revocations.json'),
      '{"revocation_bundle_version":"rollgate.revocation-bundle/v1","revocations":[]}',
    );
    trustBlock('  revocation_bundle: revocations.json\n');
    // Past the pins, promote stops where this state stops: production has no gate yet.
    expect(await codeOf(promoteProduction())).toMatch(/^GATE_NOT_PASSED/);
    // A trust store other than the pinned one.
    writeFileSync(
      join(ws, 'trust.json'),
      readFileSync(join(ws, 'trust.json'), 'utf8').replace('"release":1', '"release":0'),
    );
    expect(await codeOf(promoteProduction())).toMatch(/^TRUST_STORE_HASH_MISMATCH/);
  });

  it('a config saying both revocations: none and a bundle is refused with the line', async () => {
    trustBlock('  revocations: none\n  revocation_bundle: revocations.json\n');
    expect(await codeOf(promoteProduction())).toMatch(
      /^CONFIG_INVALID: [^]*rollgate\.yml:\d+ \/trust\/revocations: says none, but revocation_bundle names one/,
    );
  });
});
