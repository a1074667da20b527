// Promotion through the real jobs: staging then production, each after its own canary stages
// and gate, with the certificate committed on the last environment; then EvidenceValidate's
// refusals, one per code, on a certificate issued from a real run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  parseRevocationBundle,
  parseTrustStore,
  privateKeyToPem,
  utf8,
} from '../../src/core/index.js';
import { formatDigest, parseDigest, sha256 } from '../../src/core/digest.js';
import { RollgateError } from '../../src/core/errors.js';
import { preflightJob } from '../../src/jobs/preflight-job.js';
import { promoteJob, type PromoteOptions } from '../../src/jobs/promote-job.js';
import {
  BOUND_HASH_FIELDS,
  CERTIFICATE_VERSION,
  decodeCertificate,
  issueCertificate,
  type ExecutionCertificate,
} from '../../src/promote/execution-certificate.js';
import { evidenceValidate, type EvidenceValidateInput } from '../../src/promote/evidence-validate.js';
import { boundHashes, readRunEvidence } from '../../src/promote/run-evidence.js';
import { readPointer } from '../../src/store/pointer-file.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { traceJsonl } from '../../src/store/trace-view.js';
import {
  HEALTHY,
  PROMOTION_CONFIG,
  passedGate,
  T0,
  rolloutWorkspace,
  stageMetrics,
} from '../deploy/rollout-workspace.js';
import { testHost } from '../helpers/host.js';

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
    outputDir: 'out',
    now: T0 + 3600,
    ...over,
  });

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RollgateError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('promote', () => {
  let ws: string;
  let stagingGate: Uint8Array;
  let staging: Awaited<ReturnType<typeof promoteJob>>;

  beforeAll(async () => {
    const built = await rolloutWorkspace({ config: PROMOTION_CONFIG, files: stageMetrics(HEALTHY, HEALTHY) });
    ws = built.ws;
    stagingGate = await passedGate(ws, built.state, 'staging');
    staging = await promote(ws, stagingGate, 'staging');
  }, 60_000);

  it('issues a certificate for staging binding every recomputed hash, and validates it', () => {
    const p = staging.certificate.signed_payload;
    expect(p).toMatchObject({
      certificate_version: CERTIFICATE_VERSION,
      tenant_id: 'org/app',
      environment: 'staging',
      signature_algorithm: 'ed25519',
      verification_time_utc: '2026-01-01T01:00:00Z',
      valid_until_utc: '2026-01-08T01:00:00Z',
    });
    expect(staging.evidence_report.verdict).toBe('pass');
    expect(staging.evidence_report.comparisons).toHaveLength(4 + BOUND_HASH_FIELDS.length);
    expect(staging.evidence_report.comparisons.every((c) => c.equal)).toBe(true);
    expect(staging.commit).toBeNull(); // staging is not the last environment
    const file = readFileSync(staging.certificate_path);
    expect(decodeCertificate(file, 'certificate')).toEqual(staging.certificate);
    const state = JSON.parse(readFileSync(join(ws, '.rollgate/state.json'), 'utf8')) as {
      environments: { staging: { history: Array<{ status: string; release_hash: string }> } };
    };
    expect(state.environments.staging.history).toEqual([
      expect.objectContaining({ status: 'success', release_hash: formatDigest(p.release_hash) }),
    ]);
  });

  it('promotes production only after staging, and commits the run with the certificate', async () => {
    // Production before its own rollout: no gate passed there.
    expect(await code(promote(ws, staging.head_hash, 'production'))).toBe('GATE_NOT_PASSED');
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
    expect(pf.report.verdict).toBe('pass');
    const gate = await passedGate(ws, pf.head_hash, 'production');
    const production = await promote(ws, gate, 'production', { now: T0 + 7200 });
    expect(production.evidence_report.checks.find((c) => c.check === 'promotion_order')).toMatchObject({
      result: 'pass',
      details: ['staging passed first'],
    });
    expect(production.commit).not.toBeNull();
    const pointer = await readPointer(
      new ObjectStore(join(ws, '.rollgate')),
      production.certificate.signed_payload.run_id,
    );
    expect(pointer?.execution_certificate_hash).toEqual(production.certificate_hash);
  }, 60_000);

  it('a refused promotion ends the run failed in the trace: one error per failed check, then run_end', async () => {
    // A certificate key the (pinned) trust store does not know.
    writeFileSync(join(ws, 'keys/stranger.pem'), privateKeyToPem(generateKeyPair().privateKey));
    const error = await promote(ws, stagingGate, 'staging', {
      key: { file: join(ws, 'keys/stranger.pem') },
      force: true,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RollgateError);
    const { code: refusal, diagnostics } = error as RollgateError;
    expect(refusal).toBe('KEY_UNKNOWN');
    const jsonl = await traceJsonl(new ObjectStore(join(ws, '.rollgate')), parseDigest(String(diagnostics.state)));
    const records = jsonl
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.slice(-2)).toEqual([
      expect.objectContaining({
        record_type: 'error',
        code_id: 'KEY_UNKNOWN',
        failure_operator: 'UML_OS.Deploy.EvidenceValidate_v1',
        diagnostics: { check: 'signature', codes: 'KEY_UNKNOWN,SIGNATURE_THRESHOLD_NOT_MET' },
      }),
      expect.objectContaining({ record_type: 'run_end', final_status: 'failed', env: 'staging' }),
    ]);
    // Each reason said once.
    const message = String(records.at(-2)!.message);
    expect(message.split('not in the trust store')).toHaveLength(2);
    // The refusal did not take the run's next step: the promotion retried with the right key goes through.
    expect(await code(promote(ws, stagingGate, 'staging', { force: true }))).toBe('no error');
  });

  it('never replaces a certificate file without force, and refuses before anything is stored', async () => {
    const path = join(ws, 'out/certificate-staging.cbor');
    const before = readFileSync(path);
    const steps = () => readdirSync(join(ws, '.rollgate/steps', staging.certificate.signed_payload.run_id)).sort();
    const stepsBefore = steps();
    const refused = await promote(ws, stagingGate, 'staging', { now: T0 + 3900 }).then(
      () => undefined,
      (e: unknown) => e as RollgateError,
    );
    expect(refused?.code).toBe('FILE_EXISTS');
    expect(refused?.message).toMatch(
      /^--output-dir .*certificate-staging\.cbor: already exists and is not replaced; pass --force/,
    );
    expect(readFileSync(path)).toEqual(before);
    expect(steps()).toEqual(stepsBefore);
    // The output directory inside the state directory is refused, --force or not.
    expect(await code(promote(ws, stagingGate, 'staging', { outputDir: '.rollgate/out', force: true }))).toBe(
      'OUTPUT_IN_STATE_DIR',
    );
    expect(steps()).toEqual(stepsBefore);
  });

  describe('EvidenceValidate refuses', () => {
    let input: EvidenceValidateInput;
    beforeAll(async () => {
      const store = new ObjectStore(join(ws, '.rollgate'));
      // The approved state of the staging certificate: the step before it was stored.
      const run = await readRunEvidence(
        store,
        (await readRunEvidence(store, staging.head_hash, 'staging')).head.parent!,
        'staging',
      );
      const trustBytes = readFileSync(join(ws, 'trust.json'));
      const revocations = utf8('{"revocation_bundle_version":"rollgate.revocation-bundle/v1","revocations":[]}');
      input = {
        certificate: staging.certificate,
        expected: boundHashes(run, {
          trust_store_hash: sha256(trustBytes),
          revocation_bundle_hash: sha256(revocations),
        }),
        run_id: run.head.run_id,
        tenant_id: 'org/app',
        environment: 'staging',
        environments: ['staging', 'production'],
        run,
        trust_store: parseTrustStore(trustBytes, 'trust.json'),
        revocations: parseRevocationBundle(revocations),
        at: T0 + 3600,
      };
    });

    const codesOf = (over: Partial<EvidenceValidateInput>) => {
      const report = evidenceValidate({ ...input, ...over });
      return report.verdict === 'pass' ? [] : report.checks.flatMap((c) => c.codes);
    };
    // The fixture's signing key (test/deploy/rollout-workspace.ts).
    const FIXTURE_KEY = new Uint8Array(32).fill(7);
    const resigned = (payload: Partial<ExecutionCertificate['signed_payload']>, key: Uint8Array = FIXTURE_KEY) =>
      issueCertificate({ ...input.certificate.signed_payload, ...payload }, key);

    it('nothing when all holds', () => expect(codesOf({})).toEqual([]));

    it.each(BOUND_HASH_FIELDS.map((f) => [f]))('a different %s: EVIDENCE_HASH_MISMATCH', (field) => {
      const report = evidenceValidate({
        ...input,
        expected: { ...input.expected, [field]: new Uint8Array(32).fill(9) },
      });
      expect(report.checks.find((c) => c.check === 'bound_hashes')?.codes).toEqual(['EVIDENCE_HASH_MISMATCH']);
      expect(report.comparisons.filter((c) => !c.equal).map((c) => c.field)).toEqual([field]);
    });

    it('an expired certificate: CERTIFICATE_EXPIRED', () =>
      expect(codesOf({ at: T0 + 3600 + 8 * 86_400 })).toEqual(['CERTIFICATE_EXPIRED']));

    it('a tampered signature: SIGNATURE_INVALID', () => {
      const signature = new Uint8Array(input.certificate.signature);
      signature[0]! ^= 1;
      expect(codesOf({ certificate: { ...input.certificate, signature } })).toContain('SIGNATURE_INVALID');
    });

    it('a revoked signer: KEY_REVOKED', () => {
      const revocations = parseRevocationBundle(
        utf8(
          JSON.stringify({
            revocation_bundle_version: 'rollgate.revocation-bundle/v1',
            revocations: [{ key_id: input.certificate.key_id, revoked_at: '2026-01-01T00:30:00Z', reason: 'leaked' }],
          }),
        ),
      );
      expect(codesOf({ revocations })).toContain('KEY_REVOKED');
    });

    it('an unknown signer: KEY_UNKNOWN', () => {
      const other = generateKeyPair();
      expect(codesOf({ certificate: resigned({}, other.privateKey) })).toContain('KEY_UNKNOWN');
    });

    function storeWith(key: Record<string, unknown>) {
      const doc = JSON.parse(readFileSync(join(ws, 'trust.json'), 'utf8')) as { keys: Array<Record<string, unknown>> };
      doc.keys = [{ ...doc.keys[0], ...key }];
      return parseTrustStore(utf8(JSON.stringify(doc)), 'trust.json');
    }

    it('a release-only signer: KEY_WRONG_ROLE', () =>
      expect(codesOf({ trust_store: storeWith({ roles: ['release'] }) })).toContain('KEY_WRONG_ROLE'));

    it('says each refusal once: the key and its reason, then the threshold shortfall', () => {
      const report = evidenceValidate({
        ...input,
        trust_store: storeWith({ roles: ['release'], rotation_max_age_days: 1 }),
      });
      const keyId = input.certificate.key_id;
      expect(report.checks.find((c) => c.check === 'signature')).toMatchObject({
        codes: ['KEY_ROTATION_OVERDUE', 'KEY_WRONG_ROLE', 'SIGNATURE_THRESHOLD_NOT_MET'],
        details: [
          `${keyId}: holds release, not certificate`,
          `${keyId}: older than rotation_max_age_days (1) and no rotation record retires it`,
          '0 valid certificate signature(s), 1 required',
        ],
      });
    });

    it('a signer outside its window: KEY_OUTSIDE_WINDOW', () =>
      expect(codesOf({ trust_store: storeWith({ not_after: '2025-12-31T00:00:00Z' }) })).toContain(
        'KEY_OUTSIDE_WINDOW',
      ));

    it('a signer due for rotation without a rotation record: KEY_ROTATION_OVERDUE', () =>
      expect(codesOf({ trust_store: storeWith({ rotation_max_age_days: 1 }) })).toContain('KEY_ROTATION_OVERDUE'));

    it('a gate that did not pass: GATE_NOT_PASSED', () =>
      expect(
        codesOf({
          run: { ...input.run, gate: { ...input.run.gate!, report: { ...input.run.gate!.report, verdict: 'hold' } } },
        }),
      ).toEqual(['GATE_NOT_PASSED']));

    it('production without a staging certificate: PROMOTION_ORDER_VIOLATED', () =>
      expect(codesOf({ environment: 'production', certificate: resigned({ environment: 'production' }) })).toEqual([
        'PROMOTION_ORDER_VIOLATED',
      ]));

    it('a certificate for another environment or tenant: EVIDENCE_HASH_MISMATCH on that field', () => {
      const report = evidenceValidate({ ...input, certificate: resigned({ tenant_id: 'evil/app' }) });
      expect(report.comparisons.filter((c) => !c.equal).map((c) => c.field)).toEqual(['tenant_id']);
      expect(report.verdict).toBe('fail');
    });
  });
});
