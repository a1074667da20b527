// PreflightChecks_v1: a passing release, one test per refusal with its code (every other check
// still reported), and the tamper test: any flipped byte of a signed release document or of its
// signature is refused.
import { describe, expect, it } from 'vitest';
import { generateKeyPair, sha256, utf8 } from '../../src/core/index.js';
import { releaseHash } from '../../src/release/manifest.js';
import { preflight, type PreflightInput } from '../../src/release/preflight.js';
import { preflightRecords } from '../../src/release/preflight-trace.js';
import { parseReleaseDocument, serializeReleaseDocument } from '../../src/release/release-document.js';
import { T0, manifest, preflightInput, revoking, sign, signer, trustStore } from './fixtures.js';

const failing = (input: PreflightInput) => {
  const report = preflight(input);
  expect(report.verdict).toBe('fail');
  return Object.fromEntries(report.checks.filter((c) => c.result === 'fail').map((c) => [c.check, c.codes]));
};

describe('PreflightChecks_v1', () => {
  it('passes a signed release whose every check holds, and reports all seven checks', () => {
    const report = preflight(preflightInput());
    expect(report.verdict).toBe('pass');
    expect(report.checks.map((c) => [c.check, c.result])).toEqual([
      ['signatures', 'pass'],
      ['key_rotation', 'pass'],
      ['artifacts', 'pass'],
      ['lock_verified', 'pass'],
      ['config', 'pass'],
      ['checkpoint', 'pass'],
      ['trace_artifacts', 'pass'],
    ]);
    expect(report.verification_time_utc).toBe('2026-01-02T00:00:00Z');
  });

  const other = generateKeyPair();
  it.each([
    [
      'a bad signature',
      { signatures: [{ ...sign(manifest()), signature: sign(manifest({ release_id: 'other' })).signature }] },
      { signatures: ['SIGNATURE_INVALID', 'SIGNATURE_THRESHOLD_NOT_MET'] },
    ],
    [
      'a revoked signer',
      { revocations: revoking(signer) },
      { signatures: ['KEY_REVOKED', 'SIGNATURE_THRESHOLD_NOT_MET'] },
    ],
    [
      'a signer outside its window',
      { at: T0 + 400 * 86_400 },
      {
        signatures: ['KEY_OUTSIDE_WINDOW', 'KEY_ROTATION_OVERDUE', 'SIGNATURE_THRESHOLD_NOT_MET'],
        key_rotation: ['KEY_ROTATION_OVERDUE'],
      },
    ],
    [
      'a signer of the wrong role',
      { trust_store: trustStore([{ pair: signer, roles: ['certificate'] }]) },
      { signatures: ['KEY_WRONG_ROLE', 'SIGNATURE_THRESHOLD_NOT_MET'] },
    ],
    [
      'fewer signers than the threshold',
      { trust_store: trustStore([{ pair: signer }, { pair: other }], 2) },
      { signatures: ['SIGNATURE_THRESHOLD_NOT_MET'] },
    ],
    [
      'an unknown signer',
      { signatures: [sign(manifest(), other)] },
      { signatures: ['KEY_UNKNOWN', 'SIGNATURE_THRESHOLD_NOT_MET'] },
    ],
    [
      'a release key overdue for rotation',
      { at: T0 + 91 * 86_400 },
      { signatures: ['KEY_ROTATION_OVERDUE', 'SIGNATURE_THRESHOLD_NOT_MET'], key_rotation: ['KEY_ROTATION_OVERDUE'] },
    ],
    [
      'an artifact with another hash',
      { observed_artifacts: new Map([['app.bin', { sha256: sha256(utf8('evil')), size: 10 }]]) },
      { artifacts: ['ARTIFACT_HASH_MISMATCH'] },
    ],
    [
      'an artifact of another size',
      { observed_artifacts: new Map([['app.bin', { sha256: sha256(utf8('app binary')), size: 11 }]]) },
      { artifacts: ['ARTIFACT_SIZE_MISMATCH'] },
    ],
    ['a missing artifact', { observed_artifacts: new Map() }, { artifacts: ['ARTIFACT_MISSING'] }],
    [
      'no lock verification for the lockfile',
      { lock_report: { lock_verdict: 'pass', lockfile_hash: new Uint8Array(32) } },
      { lock_verified: ['LOCK_NOT_VERIFIED'] },
    ],
    [
      'a failed lock verification',
      { lock_report: { lock_verdict: 'fail', lockfile_hash: sha256(utf8('uv.lock bytes')) } },
      { lock_verified: ['LOCK_NOT_VERIFIED'] },
    ],
    [
      'an invalid config',
      { config: { problems: ['/gates/error_rate_max: must be <= 1'], hash: sha256(utf8('config')) } },
      { config: ['CONFIG_INVALID'] },
    ],
    [
      'another config than the release binds',
      { config: { problems: [], hash: sha256(utf8('other')) } },
      { config: ['CONFIG_INVALID'] },
    ],
    ['an incompatible checkpoint', { environment_checkpoint: 'db-v5' }, { checkpoint: ['CHECKPOINT_INCOMPATIBLE'] }],
    [
      'a missing trace artifact',
      { present_evidence: new Set(['lock_report']) },
      { trace_artifacts: ['TRACE_ARTIFACT_MISSING'] },
    ],
  ] as Array<[string, Partial<PreflightInput>, Record<string, string[]>]>)('refuses %s', (_what, over, expected) => {
    expect(failing(preflightInput(over))).toEqual(expected);
  });

  it('a first deployment has no checkpoint to be incompatible with', () => {
    expect(preflight(preflightInput({ environment_checkpoint: null })).verdict).toBe('pass');
  });
});

describe('tampering with a signed release document', () => {
  const m = manifest();
  const text = serializeReleaseDocument({ manifest: m, release_hash: releaseHash(m), signatures: [sign(m)] });

  function accepted(candidate: string): boolean {
    let doc;
    try {
      doc = parseReleaseDocument(candidate, 'release.json');
    } catch {
      return false;
    }
    return (
      preflight(preflightInput({ manifest: doc.manifest, release_hash: doc.release_hash, signatures: doc.signatures }))
        .checks[0]!.result === 'pass'
    );
  }

  it('the untouched document passes', () => {
    expect(accepted(text)).toBe(true);
  });

  it('flipping any single byte of the document (manifest, hash or signature) is refused', () => {
    const bytes = Buffer.from(text);
    const survivors: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0x01, 0x20]) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ bit;
        // Flips that leave the JSON meaning unchanged (whitespace turned into other whitespace) are not tampering.
        const changed = copy.toString('utf8');
        let same = false;
        try {
          same = JSON.stringify(JSON.parse(changed)) === JSON.stringify(JSON.parse(text));
        } catch {
          same = false;
        }
        if (!same && accepted(changed)) survivors.push(i);
      }
    }
    expect(survivors).toEqual([]);
  });
});

describe('preflight trace records (document 000 section 7)', () => {
  it("run_header, one iter per check, an error per failing code, run_end failed, from the run's next step", () => {
    const report = preflight(preflightInput({ environment_checkpoint: 'db-v1' }));
    const records = preflightRecords(report, 'staging', 40, new Uint8Array(32));
    expect(records.map((r) => [r.t, r.record_type])).toEqual([
      [40, 'run_header'],
      ...report.checks.map((_, i) => [41 + i, 'iter']),
      [48, 'error'],
      [49, 'run_end'],
    ]);
    expect(records[0]).toMatchObject({ env: 'staging' });
    expect(records.find((r) => r.action === 'checkpoint')).toMatchObject({ stage: 'preflight', gate_result: 'fail' });
    expect(records[8]).toMatchObject({
      code_id: 'CHECKPOINT_INCOMPATIBLE',
      failure_operator: 'UML_OS.Deploy.PreflightChecks_v1',
    });
    expect(records[9]).toMatchObject({ final_status: 'failed', env: 'staging', release_hash: report.release_hash });
  });

  it('a passing preflight leaves the run open: no error, no run_end', () => {
    const report = preflight(preflightInput());
    expect(report.verdict).toBe('pass');
    const kinds = preflightRecords(report, 'staging', 0, new Uint8Array(32)).map((r) => r.record_type);
    expect(kinds).toEqual(['run_header', ...report.checks.map(() => 'iter')]);
  });
});
