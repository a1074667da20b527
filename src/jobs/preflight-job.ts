// One preflight step: read the release document, the trust store (checked against its pin) and
// revocations, hash the artifacts at hand, read the run's evidence and the config, run
// PreflightChecks_v1 at the given instant, and commit its report to the state store.
import { resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { digestFile, objectDigest, sha256 } from '../core/digest.js';
import type { HostEnvironment } from '../core/host.js';
import { deployReplayToken } from '../deploy/deploy-replay-token.js';
import { runtimeEnvHash } from '../lock/toolchain.js';
import { preflightRecords } from '../release/preflight-trace.js';
import { RollgateError } from '../core/errors.js';
import { utf8 } from '../core/bytes.js';
import { defaultConfig, parseConfig } from '../config/load-config.js';
import { PREFLIGHT_OPERATOR, preflight, type PreflightReport } from '../release/preflight.js';
import { parseReleaseDocument } from '../release/release-document.js';
import { ObjectStore } from '../store/object-store.js';
import { readTextIfPresent } from '../util/read-text.js';
import { appendStep, traceLength } from '../store/step-heads.js';
import { readState } from '../store/state-file.js';
import type { StateDocument } from '../store/state-document.js';
import type { DeploymentsPort } from '../github/deployments-port.js';
import { recordedCheckpoint } from '../runtime/deployment-history.js';
import { readLockEvidence } from '../lock/lock-evidence.js';
import { loadTrustInputs, readRequired } from '../providers/trust-inputs.js';

export interface PreflightOptions {
  readonly workspace: string;
  readonly releasePath: string;
  readonly artifactDir: string;
  readonly configPath: string;
  readonly trustStorePath?: string;
  readonly revocationsPath?: string;
  readonly environment: string;
  readonly stateDir: string;
  readonly parent?: Uint8Array;
  /** Epoch seconds: verification time. */
  readonly at: number;
  /** The machine preflight runs on: its platform and architecture enter the replay token. */
  readonly host: HostEnvironment;
  /** GitHub's deployments, when the step may read them: where an environment's checkpoint is found on a fresh checkout. */
  readonly deployments?: Pick<DeploymentsPort, 'listSuccessful'>;
}

/**
 * The environment's current checkpoint schema and where it was read: state.json when it records
 * one for the environment (a local run), else the newest successful GitHub deployment whose
 * payload names one (promote writes it; a rollback's deployment does not change it), else none.
 */
async function currentCheckpoint(
  state: StateDocument | undefined,
  options: PreflightOptions,
): Promise<{ readonly schema: string | null; readonly source: string }> {
  const recorded = state ? recordedCheckpoint(state, options.environment) : undefined;
  if (recorded !== undefined) return { schema: recorded, source: 'state.json' };
  if (!options.deployments) return { schema: null, source: 'state.json records none' };
  for (const d of await options.deployments.listSuccessful(options.environment)) {
    const payload = d.payload;
    if (typeof payload === 'object' && payload !== null && 'checkpoint_schema' in payload) {
      const schema = payload.checkpoint_schema;
      return { schema: typeof schema === 'string' ? schema : null, source: `GitHub deployment ${d.id}` };
    }
  }
  return { schema: null, source: 'state.json and the GitHub deployments record none' };
}

export async function preflightJob(
  options: PreflightOptions,
): Promise<{ report: PreflightReport; report_hash: Uint8Array; head_hash: Uint8Array }> {
  const at = (p: string) => resolve(options.workspace, p);
  const release = parseReleaseDocument(
    await readRequired(at(options.releasePath), 'release', 'release'),
    options.releasePath,
  );
  const configText = await readTextIfPresent(at(options.configPath), 'config');
  let problems: string[] = [];
  let config = defaultConfig();
  if (configText !== undefined) {
    try {
      config = parseConfig(configText, options.configPath);
    } catch (error) {
      if (!(error instanceof RollgateError && error.code === 'CONFIG_INVALID')) throw error;
      problems = error.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim());
    }
  }
  const trust = await loadTrustInputs(options.workspace, config.trust, {
    ...(options.trustStorePath ? { trustStorePath: options.trustStorePath } : {}),
    ...(options.revocationsPath ? { revocationsPath: options.revocationsPath } : {}),
    // An invalid config already fails the config check; its defaults are no production's pins.
    ...(problems.length === 0 && options.environment === config.environments.at(-1)
      ? { production: options.environment }
      : {}),
  });
  const observed = new Map<string, { sha256: Uint8Array; size: number }>();
  for (const artifact of release.manifest.artifacts) {
    if (artifact.kind === 'container_image') continue;
    try {
      const { digest, size } = await digestFile(resolve(at(options.artifactDir), artifact.name));
      observed.set(artifact.name, { sha256: digest, size });
    } catch (error) {
      if (!(error instanceof RollgateError && error.code === 'FILE_NOT_FOUND')) throw error;
    }
  }
  const store = new ObjectStore(at(options.stateDir));
  const evidence = options.parent ? await readLockEvidence(store, options.parent) : undefined;
  const checkpoint = await currentCheckpoint(await readState(at(options.stateDir)), options);
  const report = preflight({
    manifest: release.manifest,
    release_hash: release.release_hash,
    signatures: release.signatures,
    trust_store: trust.trust_store,
    revocations: trust.revocations,
    at: options.at,
    observed_artifacts: observed,
    lock_report: evidence?.lock_report ?? null,
    // An absent config is the defaults, which is also what an empty file means: it hashes as one.
    config: { problems, hash: sha256(utf8(configText ?? '')) },
    environment_checkpoint: checkpoint.schema,
    environment_checkpoint_source: checkpoint.source,
    required_evidence: [
      ...(release.manifest.lockfile_hash ? ['lock_report'] : []),
      ...(release.manifest.sbom_hash ? ['sbom'] : []),
    ],
    present_evidence: evidence?.types ?? new Set(),
  });
  const bytes = encodeCanonical(report);
  const token = deployReplayToken({
    policy_bundle_hash: sha256(utf8(configText ?? '')),
    runtime_env_hash: runtimeEnvHash(options.host.platform, options.host.arch),
    operators: [{ operator_id: PREFLIGHT_OPERATOR, version: 'v1' }],
    inputs_hash: objectDigest({
      release_hash: release.release_hash,
      trust_store_hash: sha256(trust.trust_store_bytes),
      revocation_bundle_hash: sha256(trust.revocation_bytes),
      at: options.at,
    }),
  });
  const t0 = options.parent ? await traceLength(store, options.parent) : 0;
  const step = await appendStep(store, {
    run_id: evidence?.run_id ?? `preflight-${Buffer.from(release.release_hash).toString('hex').slice(0, 16)}`,
    parent: options.parent ?? null,
    operator: 'preflight',
    records: preflightRecords(report, options.environment, t0, token),
    evidence: [{ object_type: 'preflight_report', object_id: options.environment, bytes }],
  });
  return { report, report_hash: sha256(bytes), head_hash: step.head_hash };
}
