// promote and verify-certificate through the built CLI: stages and gate of a prepared
// workspace, the certificate issued at a given instant, then checked offline with only the
// certificate and the trust store; a flipped byte and an expired instant are refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDigest } from '../../src/core/digest.js';
import { runCliDist } from '../helpers/run-dist.js';
import { HEALTHY, rolloutWorkspace, stageMetrics } from '../deploy/rollout-workspace.js';

const CONFIG = `environments: [staging, production]
rollout:
  cohorts: [50, 100]
  dwell_seconds: 0
metrics:
  source: command
  command: cat metrics/stage-$ROLLGATE_STAGE_INDEX.json
`;

describe('promotion through the built CLI', () => {
  it('promotes staging and the certificate verifies offline; tampering and expiry are refused', async () => {
    const { ws, state } = await rolloutWorkspace({ config: CONFIG, files: stageMetrics(HEALTHY, HEALTHY) });
    const cli = (args: string[]) => runCliDist(process.execPath, args, { cwd: ws });
    let head = formatDigest(state);
    for (let i = 0; i < 2; i++) {
      const stage = cli(['canary-stage', '--state', head, '--json']);
      expect(stage.status).toBe(0);
      head = (JSON.parse(stage.stdout) as { state: string }).state;
    }
    const gate = cli(['gate', '--state', head, '--json']);
    expect(gate.status).toBe(0);
    const gateState = (JSON.parse(gate.stdout) as { state: string }).state;
    const promoted = cli([
      'promote',
      '--state',
      gateState,
      '--environment',
      'staging',
      '--key',
      'keys/release.pem',
      '--tenant',
      'org/app',
      '--trust-store',
      'trust.json',
      '--output-dir',
      'certs',
      '--at',
      '2026-01-02T00:00:00Z',
      '--json',
    ]);
    expect(promoted.stderr).toBe('');
    expect(promoted.status).toBe(0);
    const out = JSON.parse(promoted.stdout) as {
      certificate_hash: string;
      certificate_path: string;
      committed: boolean;
    };
    expect(out.committed).toBe(false);
    const verify = (file: string, at: string) =>
      cli(['verify-certificate', file, '--trust-store', 'trust.json', '--at', at, '--json']);
    const ok = verify('certs/certificate-staging.cbor', '2026-01-03T00:00:00Z');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      verdict: 'pass',
      certificate_hash: out.certificate_hash,
      environment: 'staging',
      tenant_id: 'org/app',
    });
    const expired = verify('certs/certificate-staging.cbor', '2026-02-01T00:00:00Z');
    expect(expired.status).toBe(1);
    expect(JSON.parse(expired.stdout)).toMatchObject({ verdict: 'fail', validity: [{ code: 'CERTIFICATE_EXPIRED' }] });
    const bytes = readFileSync(join(ws, 'certs/certificate-staging.cbor'));
    bytes[bytes.length - 1]! ^= 1; // inside the signature
    writeFileSync(join(ws, 'certs/tampered.cbor'), bytes);
    const tampered = verify('certs/tampered.cbor', '2026-01-03T00:00:00Z');
    expect(tampered.status).toBe(1);
    expect(JSON.stringify(JSON.parse(tampered.stdout))).toContain('SIGNATURE_INVALID');
  }, 120_000);
});
