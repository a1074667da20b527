// Inputs the fuzz suite found mishandled, as literals; each now ends as its entry point says.
import { describe, expect, it } from 'vitest';
import { encodeCanonical, f64 } from '../../src/core/cbor.js';
import { restoreCheckpoint } from '../../src/deploy/checkpoint.js';
import { judgeRollout } from '../../src/deploy/rollout-gate.js';
import { importModules } from '../../src/wasm/imports.js';
import { finding, sortFindings } from '../../src/lock/finding.js';
import { MANIFEST_VERSION, releaseHash, type ReleaseManifest } from '../../src/release/manifest.js';
import { parseReleaseDocument, serializeReleaseDocument } from '../../src/release/release-document.js';

const digest = (fill: number) => new Uint8Array(32).fill(fill);
const gateState = (stage_index: number, cohort_percent: number, verdict: string) => ({
  stage_index,
  cohort_percent,
  verdict,
  metrics_snapshot_hash: digest(stage_index),
  gate_report_hash: digest(100 + stage_index),
});

describe('fuzz regressions', () => {
  it('a stored checkpoint listing a judged stage twice is CHECKPOINT_INVALID, not silently one stage', () => {
    const stored = {
      checkpoint_version: 'rollgate.rollout-checkpoint/v1',
      release_hash: digest(1),
      environment: 'production',
      cohorts: [5, 50, 100],
      cursor: 2,
      canary_percent: 50,
      gate_states: [gateState(0, 5, 'pass'), gateState(0, 5, 'pass'), gateState(1, 50, 'fail')],
      status: 'halted',
    };
    expect(() => restoreCheckpoint(stored)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_INVALID' }));
    expect(() =>
      restoreCheckpoint({
        ...stored,
        gate_states: [{ ...gateState(0, 5, 'pass'), note: 'x' }, gateState(1, 50, 'fail')],
      }),
    ).toThrow(expect.objectContaining({ code: 'CHECKPOINT_INVALID' }));
  });

  const snapshot = (values: Record<string, unknown>) =>
    encodeCanonical({
      snapshot_version: 'rollgate.metrics-snapshot/v1',
      release_hash: digest(1),
      environment: 'staging',
      stage_index: 0,
      cohort_percent: 100,
      shard_id: 'eu',
      source: { kind: 'file', ref: 'metrics.json' },
      queries: {},
      window_seconds: 300,
      evaluation_time_utc: '2026-11-24T00:00:00Z',
      values: {
        requests: 1000,
        errors: 1,
        p95_baseline_ms: f64(100),
        p95_canary_ms: f64(101),
        replay_determinism_failures: 0,
        ...values,
      },
    });

  it.each([
    ['CBOR null', Uint8Array.of(0xf6)],
    // Both crashed the judgement: a fractional count failed to encode in the report
    // (CBOR_ENCODE_INVALID), a BigInt count mixed with numbers (TypeError).
    ['a fractional replay count', snapshot({ replay_determinism_failures: f64(0.5) })],
    ['a count past 2^64', snapshot({ requests: 2n ** 64n - 1n })],
    ['an empty map', encodeCanonical({})],
    [
      'a snapshot without values',
      encodeCanonical({ snapshot_version: 'rollgate.metrics-snapshot/v1', shard_id: 'eu' }),
    ],
    ['bytes that do not decode', Uint8Array.of(0x1c)],
  ])('the rollout gate reads a recorded snapshot of %s as missing evidence (fail), not a TypeError', (_what, bytes) => {
    const report = judgeRollout({
      release_hash: digest(1),
      environment: 'staging',
      shards: [
        {
          shard_id: 'eu',
          state: digest(2),
          checkpoint: undefined,
          stages: [
            { stage_index: 0, cohort_percent: 100, snapshot_bytes: bytes, gate_report_bytes: Uint8Array.of(0xa0) },
          ],
          preflight: { release_hash: digest(1), passed: true, detail: 'passed' },
        },
      ],
      thresholds: { error_rate_max: 0.01, p95_latency_delta_max: 0.1, replay_determinism_failures_max: 0 },
      health: { state: 'healthy', rollout_gate: 'pass', reason: 'ok', source: 'stage verdicts' },
    });
    expect(report.verdict).toBe('fail');
    expect(report.rollback_triggers.find((t) => t.trigger === 'missing_trace_artifacts')?.details).toContain(
      "shard eu: stage 0's metrics snapshot does not decode as one",
    );
  });

  it('a component whose import name is not UTF-8 is WASM_MODULE_INVALID, not a TypeError', () => {
    // A component header, then an import section (10) of one import named by the byte 0x80.
    const bytes = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 10, 6, 1, 0x00, 1, 0x80, 0x01, 0]);
    expect(() => importModules(bytes)).toThrow(expect.objectContaining({ code: 'WASM_MODULE_INVALID' }));
  });

  it('a release artifact size past 2^53 - 1 is RELEASE_INVALID, not CBOR_ENCODE_INVALID from hashing it', () => {
    const manifest: ReleaseManifest = {
      manifest_version: MANIFEST_VERSION,
      release_id: 'v1',
      source_commit: '',
      artifacts: [{ name: 'app.bin', kind: 'file', sha256: digest(1), size: 3, reference: null }],
      config_hash: null,
      lockfile_hash: null,
      sbom_hash: null,
      toolchain_hash: null,
      checkpoint_requirement: null,
    };
    const text = serializeReleaseDocument({ manifest, release_hash: releaseHash(manifest), signatures: [] });
    expect(() => parseReleaseDocument(text.replace(/"size": ?3/, '"size":9007199254740992'), 'release.json')).toThrow(
      expect.objectContaining({ code: 'RELEASE_INVALID' }),
    );
  });

  it('findings that differ only in their version sort the same whatever order they come in', () => {
    const at = { file: 'uv.lock', line: 196, package: 'a' };
    const findings = [null, '0.0.0'].map((version) =>
      finding('LOCK_SOURCE_FORBIDDEN', 'source', { ...at, version }, 'directory source ../up is not allowed'),
    );
    expect(sortFindings([...findings].reverse())).toEqual(sortFindings(findings));
  });
});
