// What a promotion rests on, read from a verified state chain (DESIGN 8.2): the release
// manifest, the lock report, the environment's preflight, its latest rollout gate report and
// rollout checkpoint, the certificates already issued, and the hashes a certificate binds,
// recomputed from the chain itself.
import { objectDigest, sha256 } from '../core/digest.js';
import { compareText, RollgateError } from '../core/errors.js';
import { lineageRoot } from '../core/lineage.js';
import { operatorContractsRoot, determinismProfileHash } from '../core/run-identity.js';
import { replayToken } from '../core/replay-token.js';
import { readCheckpoint } from '../deploy/rollout-evidence.js';
import type { RolloutGateReport } from '../deploy/rollout-gate.js';
import { rolloutGateReportReader } from '../deploy/rollout-gate-report.js';
import { lockReportReader } from '../lock/lock-report.js';
import { releaseHash, releaseManifestReader, type ReleaseManifest } from '../release/manifest.js';
import { preflightReportReader } from '../release/preflight-report.js';
import type { StepHead } from '../store/step-head-schema.js';
import { verifyChain, type ObjectReader } from '../store/step-heads.js';
import { certificateReader, type BoundHashes, type ExecutionCertificate } from './execution-certificate.js';

export const PROMOTE_SPEC_VERSION = 'UML_OS.Implementation.DeploymentRunbook_v1';

export interface RunEvidence {
  readonly head: StepHead;
  readonly chain: readonly StepHead[];
  readonly manifest: ReleaseManifest;
  readonly manifest_hash: Uint8Array;
  readonly release_hash: Uint8Array;
  readonly lock: {
    readonly lockfile_hash: Uint8Array;
    readonly toolchain_hash: Uint8Array;
    readonly sbom_hash: Uint8Array;
    readonly dependencies_lock_hash: Uint8Array;
    readonly runtime_env_hash: Uint8Array;
    readonly lock_verdict: string;
  };
  readonly preflight_verdict: string | undefined;
  /** The release signers the environment's preflight counted: rechecked at promotion. */
  readonly release_signers: readonly string[];
  /**
   * The environment's checkpoint schema once the release runs there: the release's requirement,
   * else the one its preflight found (null: none recorded).
   */
  readonly checkpoint_schema: string | null;
  /** The latest rollout gate report of the environment, by the step that wrote it. */
  readonly gate: { readonly report: RolloutGateReport; readonly hash: Uint8Array } | undefined;
  readonly checkpoint_status: string | undefined;
  /** Certificates in the chain, by environment. */
  readonly certificates: ReadonlyMap<string, { readonly certificate: ExecutionCertificate; readonly hash: Uint8Array }>;
}

function missing(what: string): RollgateError {
  return new RollgateError('TRACE_ARTIFACT_MISSING', `the state has no ${what}`);
}

export async function readRunEvidence(
  store: ObjectReader,
  state: Uint8Array,
  environment: string,
): Promise<RunEvidence> {
  const chain = await verifyChain(store, state);
  const head = chain[chain.length - 1]!;
  const of = (type: string) =>
    head.evidence.filter((e) => e.object_type === type).sort((a, b) => compareText(a.object_id, b.object_id));
  const manifestEntry = of('release_manifest')[0];
  if (!manifestEntry) throw missing('release manifest (run package first)');
  const manifestBytes = await store.get(manifestEntry.digest);
  const manifest = releaseManifestReader.read(manifestBytes, manifestEntry);
  const lockEntry = of('lock_report')[0];
  if (!lockEntry) throw missing('lock report (run lock-verify first)');
  const lock = lockReportReader.read(await store.get(lockEntry.digest), lockEntry);
  const preflightEntry = of('preflight_report').find((e) => e.object_id === environment);
  const preflight = preflightEntry
    ? preflightReportReader.read(await store.get(preflightEntry.digest), preflightEntry)
    : undefined;
  const gateEntry = of('rollout_gate_report')
    .filter((e) => e.object_id.startsWith(`${environment}/`))
    .at(-1);
  const gate = gateEntry
    ? { report: rolloutGateReportReader.read(await store.get(gateEntry.digest), gateEntry), hash: gateEntry.digest }
    : undefined;
  const release = releaseHash(manifest);
  const checkpoint = await readCheckpoint(store, head, release, environment);
  const certificates = new Map<string, { certificate: ExecutionCertificate; hash: Uint8Array }>();
  for (const entry of of('execution_certificate')) {
    certificates.set(entry.object_id, {
      certificate: certificateReader.read(await store.get(entry.digest), entry),
      hash: entry.digest,
    });
  }
  return {
    head,
    chain,
    manifest,
    manifest_hash: sha256(manifestBytes),
    release_hash: release,
    lock: {
      lockfile_hash: lock.lockfile_hash,
      toolchain_hash: lock.toolchain_hash,
      sbom_hash: lock.sbom_hash,
      dependencies_lock_hash: lock.dependencies_lock_hash,
      runtime_env_hash: lock.runtime_env_hash,
      lock_verdict: lock.lock_verdict,
    },
    preflight_verdict: preflight?.verdict,
    release_signers: preflight?.signature_report.valid_signers ?? [],
    checkpoint_schema: manifest.checkpoint_requirement?.schema_id ?? preflight?.environment_checkpoint ?? null,
    gate,
    checkpoint_status: checkpoint?.status,
    certificates,
  };
}

/** The deployment policy the release was built with: the config bytes the manifest binds. */
function policyHash(run: RunEvidence): Uint8Array {
  return run.manifest.config_hash ?? sha256(new Uint8Array(0));
}

/** The operators of the run's steps, and the two of a promotion, each at version v1. */
function operatorsRoot(run: RunEvidence): Uint8Array {
  const ids = [...run.chain.map((h) => h.operator), 'promote', 'certificate'];
  return operatorContractsRoot(ids.map((operator_id) => ({ operator_id, version: 'v1' })));
}

/** The promotion's replay token: the same before and after the trace is closed. */
export function promotionReplayToken(run: RunEvidence): Uint8Array {
  if (!run.gate)
    throw new RollgateError('GATE_NOT_PASSED', 'the state holds no rollout gate report for this environment');
  return replayToken({
    spec_version: PROMOTE_SPEC_VERSION,
    policy_bundle_hash: policyHash(run),
    runtime_env_hash: run.lock.runtime_env_hash,
    operator_contracts_root_hash: operatorsRoot(run),
    determinism_profile_hash: determinismProfileHash(),
    inputs_hash: objectDigest({ release_hash: run.release_hash, gate_report_hash: run.gate.hash }),
  });
}

/**
 * The hashes a certificate for `environment` binds, recomputed from the run's evidence (the
 * approved state) and the trust inputs. trace_root_hash is the approved head's trace tail,
 * lineage_root_hash the Merkle root over its evidence, checkpoint_hash its rollout checkpoint.
 */
export function boundHashes(
  run: RunEvidence,
  trust: { readonly trust_store_hash: Uint8Array; readonly revocation_bundle_hash: Uint8Array },
): BoundHashes {
  if (!run.gate)
    throw new RollgateError('GATE_NOT_PASSED', 'the state holds no rollout gate report for this environment');
  if (run.head.checkpoint === null) throw missing('rollout checkpoint');
  const policy = policyHash(run);
  const operators = operatorsRoot(run);
  return {
    release_hash: run.release_hash,
    replay_token: promotionReplayToken(run),
    manifest_hash: run.manifest_hash,
    trace_root_hash: run.head.trace_tail_hash,
    checkpoint_hash: run.head.checkpoint,
    policy_bundle_hash: policy,
    lockfile_hash: run.lock.lockfile_hash,
    dependencies_lock_hash: run.lock.dependencies_lock_hash,
    determinism_profile_hash: determinismProfileHash(),
    operator_contracts_root_hash: operators,
    lineage_root_hash: lineageRoot(run.head.evidence),
    toolchain_hash: run.lock.toolchain_hash,
    sbom_hash: run.lock.sbom_hash,
    gate_report_hash: run.gate.hash,
    trust_store_hash: trust.trust_store_hash,
    revocation_bundle_hash: trust.revocation_bundle_hash,
  };
}
