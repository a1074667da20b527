// What a promotion rests on is checked again at the promotion's own instant, not only when it
// was first established: every earlier environment's certificate must still stand (valid,
// signer unrevoked and in its window), the release signers preflight counted must still stand,
// and no certificate outlives its signer's key. Each case runs the real jobs on a real store and
// fails through the path a promotion or `verify-certificate` takes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, keyIdOf, privateKeyToPem, toHex } from '../../src/core/index.js';
import { RollgateError } from '../../src/core/errors.js';
import { formatUtc } from '../../src/core/utc-time.js';
import { runCli } from '../../src/cli/program.js';
import type { CliDeps } from '../../src/cli/deps.js';
import { preflightJob } from '../../src/jobs/preflight-job.js';
import { promoteJob, type PromoteOptions } from '../../src/jobs/promote-job.js';
import { decodeCertificate, encodeCertificate, issueCertificate } from '../../src/promote/execution-certificate.js';
import {
  HEALTHY,
  PROMOTION_CONFIG,
  passedGate,
  PRIVATE_KEY,
  T0,
  rolloutWorkspace,
  stageMetrics,
} from '../deploy/rollout-workspace.js';
import { SECONDS_PER_DAY } from '../helpers/clock.js';
import { testHost } from '../helpers/host.js';

const DAY = SECONDS_PER_DAY;
/** The fixture key's window ends here (rolloutWorkspace builds it around T0). */
const KEY_NOT_AFTER = T0 + 365 * DAY;

const promote = (ws: string, state: Uint8Array, environment: string, over: Partial<PromoteOptions> = {}) =>
  promoteJob({
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state,
    environment,
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
    tenantId: 'org/app',
    trustStorePath: 'trust.json',
    outputDir: `out-${environment}`,
    now: T0 + 3600,
    ...over,
  });

async function refusal(promise: Promise<unknown>): Promise<RollgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RollgateError);
  return error as RollgateError;
}

describe('an earlier certificate is checked at the promotion instant', () => {
  let ws: string;
  let productionGate: Uint8Array;

  beforeAll(async () => {
    const built = await rolloutWorkspace({ config: PROMOTION_CONFIG, files: stageMetrics(HEALTHY, HEALTHY) });
    ws = built.ws;
    // Staging is certified at T0 + 1 h for the default 7 days.
    const staging = await promote(ws, await passedGate(ws, built.state, 'staging'), 'staging');
    expect(staging.certificate.signed_payload.valid_until_utc).toBe(formatUtc(T0 + 3600 + 7 * DAY));
    const pf = await preflightJob({
      host: testHost(),
      workspace: ws,
      releasePath: 'out/release.json',
      artifactDir: '.',
      configPath: '.github/rollgate.yml',
      trustStorePath: 'trust.json',
      environment: 'production',
      stateDir: '.rollgate',
      parent: staging.head_hash,
      at: T0 + 3700,
    });
    productionGate = await passedGate(ws, pf.head_hash, 'production');
  }, 60_000);

  it('an expired staging certificate does not open production', async () => {
    const late = T0 + 3600 + 7 * DAY + 1;
    const error = await refusal(promote(ws, productionGate, 'production', { now: late }));
    expect(error.code).toBe('CERTIFICATE_EXPIRED');
    expect(error.message).toContain(
      `promotion_order: CERTIFICATE_EXPIRED: the certificate of staging: valid ${formatUtc(T0 + 3600)} to ${formatUtc(T0 + 3600 + 7 * DAY)}, checked at ${formatUtc(late)}`,
    );
    // verify-certificate says the same of it at that instant.
    const at = formatUtc(late);
    const verdict = await cli(ws, [
      'verify-certificate',
      join(ws, 'out-staging/certificate-staging.cbor'),
      '--trust-store',
      join(ws, 'trust.json'),
      '--at',
      at,
      '--json',
    ]);
    expect(verdict.code).toBe(1);
    expect(JSON.parse(verdict.out)).toMatchObject({ verdict: 'fail', validity: [{ code: 'CERTIFICATE_EXPIRED' }] });
    // Within the staging certificate's validity the same promotion goes through.
    const inTime = await promote(ws, productionGate, 'production', { now: T0 + 7200 });
    expect(inTime.evidence_report.verdict).toBe('pass');
  });

  it('a staging certificate whose signer was revoked since does not open production', async () => {
    const trust = JSON.parse(readFileSync(join(ws, 'trust.json'), 'utf8')) as { keys: Array<{ key_id: string }> };
    writeFileSync(
      join(ws, 'revoked.json'),
      JSON.stringify({
        revocation_bundle_version: 'rollgate.revocation-bundle/v1',
        revocations: [{ key_id: trust.keys[0]!.key_id, revoked_at: formatUtc(T0 + 5000), reason: 'key leaked' }],
      }),
    );
    const error = await refusal(
      promote(ws, productionGate, 'production', { now: T0 + 7300, revocationsPath: 'revoked.json', force: true }),
    );
    expect(error.message).toMatch(
      /promotion_order: .*KEY_REVOKED.*the certificate of staging: ed25519:\w+: revoked at/,
    );
  });
});

describe('release signers and the certificate key at the promotion instant', () => {
  let ws: string;
  let stagingGate: Uint8Array;
  let releaseKeyId: string;

  beforeAll(async () => {
    // Staging only, with trust stores swapped: no pins (production would refuse to run).
    const built = await rolloutWorkspace({
      config: PROMOTION_CONFIG,
      files: stageMetrics(HEALTHY, HEALTHY),
      pins: false,
    });
    ws = built.ws;
    stagingGate = await passedGate(ws, built.state, 'staging');
    // A second, certificate-only key, so the release key can be revoked on its own.
    const certificateKey = generateKeyPair();
    writeFileSync(join(ws, 'keys/certificate.pem'), privateKeyToPem(certificateKey.privateKey));
    const trust = JSON.parse(readFileSync(join(ws, 'trust.json'), 'utf8')) as {
      keys: Array<Record<string, unknown>>;
    };
    releaseKeyId = String(trust.keys[0]!.key_id);
    trust.keys.push({
      ...trust.keys[0],
      key_id: keyIdOf(certificateKey.publicKey),
      public_key: toHex(certificateKey.publicKey),
      roles: ['certificate'],
    });
    writeFileSync(join(ws, 'trust-two.json'), JSON.stringify(trust));
  }, 60_000);

  it('a release key revoked after preflight blocks the promotion', async () => {
    writeFileSync(
      join(ws, 'revoked.json'),
      JSON.stringify({
        revocation_bundle_version: 'rollgate.revocation-bundle/v1',
        revocations: [{ key_id: releaseKeyId, revoked_at: formatUtc(T0 + 1800), reason: 'left the team' }],
      }),
    );
    const certificateKey = { file: join(ws, 'keys/certificate.pem') };
    const error = await refusal(
      promote(ws, stagingGate, 'staging', {
        key: certificateKey,
        trustStorePath: 'trust-two.json',
        revocationsPath: 'revoked.json',
      }),
    );
    expect(error.code).toBe('KEY_REVOKED');
    expect(error.message).toContain(
      `preflight: KEY_REVOKED, SIGNATURE_THRESHOLD_NOT_MET: release signer ${releaseKeyId}: revoked at`,
    );
    expect(error.message).toContain('0 release signer(s) still in standing');
    // The same promotion without the revocation: the release signer stands, the promotion passes,
    // and the certificate asked to last 1,000 days ends with its key's window.
    const passed = await promote(ws, stagingGate, 'staging', {
      key: certificateKey,
      trustStorePath: 'trust-two.json',
      validSeconds: 1000 * DAY,
    });
    expect(passed.certificate.signed_payload.valid_until_utc).toBe(formatUtc(KEY_NOT_AFTER));
    expect(passed.evidence_report.checks.find((c) => c.check === 'preflight')?.details).toEqual([
      `preflight and lock-verify passed; release signers in standing: ${releaseKeyId}`,
    ]);
  });

  it("verify-certificate refuses a certificate claiming validity beyond its key, once the key's window ends", async () => {
    // The certificate the test above issued, re-signed by the fixture key with validity until 2099.
    const issued = decodeCertificate(readFileSync(join(ws, 'out-staging/certificate-staging.cbor')), 'certificate');
    const forged = issueCertificate({ ...issued.signed_payload, valid_until_utc: '2099-01-01T00:00:00Z' }, PRIVATE_KEY);
    writeFileSync(join(ws, 'long.cbor'), encodeCertificate(forged));
    const verify = (at: number) =>
      cli(ws, [
        'verify-certificate',
        join(ws, 'long.cbor'),
        '--trust-store',
        join(ws, 'trust-two.json'),
        '--at',
        formatUtc(at),
        '--json',
      ]);
    const within = await verify(KEY_NOT_AFTER);
    expect(within.code, within.err).toBe(0);
    const after = await verify(KEY_NOT_AFTER + 1);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.out)).toMatchObject({
      verdict: 'fail',
      validity: [
        {
          code: 'CERTIFICATE_EXPIRED',
          detail: `valid ${formatUtc(T0 + 3600)} to 2099-01-01T00:00:00Z, but its signer's window ended ${formatUtc(KEY_NOT_AFTER)}; checked at ${formatUtc(KEY_NOT_AFTER + 1)}`,
        },
      ],
    });
  });
});

async function cli(ws: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    output: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
    now: () => T0,
    env: {},
    host: { ...testHost(), cwd: ws },
  };
  const code = await runCli(argv, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
