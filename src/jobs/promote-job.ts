// The promote step (DESIGN 8.2): from the approved state (the gate's output), close the
// environment's trace with run_end, issue the ExecutionCertificate binding every hash
// recomputed from that state, validate it with EvidenceValidate (a refusal stops here, before
// any deployment is recorded), store certificate and report as evidence, commit the run
// atomically with the certificate when this is the last environment of the promotion order,
// and record the deployment (GitHub's, when a port is given) and the environment's history.
import { resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { formatDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { checkErrorRecords } from '../core/trace.js';
import { formatUtc } from '../core/utc-time.js';
import type { DeploymentsPort } from '../github/deployments-port.js';
import { assertEnvironmentClaim, type JobClaims } from '../github/oidc-claims.js';
import { loadConfigFile } from '../providers/config-file.js';
import {
  certificateHash,
  CERTIFICATE_VERSION,
  decodeCertificate,
  encodeCertificate,
  issueCertificate,
  type ExecutionCertificate,
} from '../promote/execution-certificate.js';
import { EVIDENCE_VALIDATE_OPERATOR, evidenceValidate, type EvidenceReport } from '../promote/evidence-validate.js';
import { boundHashes, promotionReplayToken, readRunEvidence } from '../promote/run-evidence.js';
import { deriveCertificateValues } from '../promote/certificate-evidence.js';
import { emptyState } from '../store/state-document.js';
import { keyIdOf, publicKeyOf } from '../core/ed25519.js';
import { checkOutputPath } from '../store/output-file.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { commitRun } from '../store/commit.js';
import type { CommitPointer } from '../store/commit-pointer.js';
import { ObjectStore } from '../store/object-store.js';
import { readState, writeState } from '../store/state-file.js';
import { appendStep, traceLength } from '../store/step-heads.js';
import { loadSigningKey, type KeySource } from '../providers/signing-key.js';
import { loadTrustInputs } from '../providers/trust-inputs.js';
import { recordDeployment } from '../runtime/deployment-history.js';

export const DEFAULT_CERTIFICATE_VALID_SECONDS = 7 * 86_400;

export interface PromoteOptions {
  readonly workspace: string;
  readonly stateDir: string;
  readonly configPath: string;
  /** The approved state: the gate's output. */
  readonly state: Uint8Array;
  readonly environment: string;
  readonly key: KeySource;
  readonly env: NodeJS.ProcessEnv;
  readonly tenantId: string;
  readonly trustStorePath?: string;
  readonly revocationsPath?: string;
  /** Where certificate-<environment>.cbor is written. */
  readonly outputDir: string;
  /** Replace an existing certificate file there (never one inside the state directory). */
  readonly force?: boolean;
  readonly validSeconds?: number;
  /** Epoch seconds. */
  readonly now: number;
  /** The job's OIDC claims, when it has an id-token: the promotion must be bound to its environment. */
  readonly claims?: JobClaims;
  readonly github?: {
    readonly deployments: DeploymentsPort;
    readonly ref: string;
    readonly sha: string;
    readonly run_url: string;
    readonly environment_url?: string;
  };
}

export interface PromoteResult {
  readonly certificate: ExecutionCertificate;
  readonly certificate_hash: Uint8Array;
  readonly evidence_report: EvidenceReport;
  readonly head_hash: Uint8Array;
  readonly commit: CommitPointer | null;
  readonly deployment_id: number | null;
  readonly certificate_path: string;
  readonly claims: JobClaims | null;
}

export async function promoteJob(options: PromoteOptions): Promise<PromoteResult> {
  if (options.claims) assertEnvironmentClaim(options.claims, options.environment);
  const at = (p: string) => resolve(options.workspace, p);
  // Refused before anything is stored: the certificate's bytes are known only once it is signed.
  const certificatePath = await checkOutputPath({
    path: at(`${options.outputDir}/certificate-${options.environment}.cbor`),
    flag: '--output-dir',
    stateDir: at(options.stateDir),
    force: options.force === true,
  });
  const config = await loadConfigFile(at(options.configPath));
  const store = new ObjectStore(at(options.stateDir));
  const trust = await loadTrustInputs(options.workspace, config.trust, {
    ...options,
    ...(options.environment === config.environments.at(-1) ? { production: options.environment } : {}),
  });
  const approved = await readRunEvidence(store, options.state, options.environment);
  // The environment's trace is closed before the certificate binds its root.
  const closed = await appendStep(store, {
    run_id: approved.head.run_id,
    parent: options.state,
    operator: 'promote',
    records: [
      {
        record_type: 'run_end',
        t: await traceLength(store, options.state),
        replay_token: promotionReplayToken(approved),
        final_status: 'success',
        release_hash: approved.release_hash,
        env: options.environment,
      },
    ],
    evidence: [],
  });
  const run = await readRunEvidence(store, closed.head_hash, options.environment);
  const bound = boundHashes(run, {
    trust_store_hash: sha256(trust.trust_store_bytes),
    revocation_bundle_hash: sha256(trust.revocation_bytes),
  });
  const privateKey = await loadSigningKey(options.key, options.env);
  // A certificate never outlives its signer: its validity ends with the key's window at the latest.
  const signer = trust.trust_store.keys.get(keyIdOf(publicKeyOf(privateKey)));
  const validUntil = Math.max(
    options.now,
    Math.min(options.now + (options.validSeconds ?? DEFAULT_CERTIFICATE_VALID_SECONDS), signer?.not_after ?? Infinity),
  );
  const certificate = issueCertificate(
    {
      certificate_version: CERTIFICATE_VERSION,
      tenant_id: options.tenantId,
      run_id: run.head.run_id,
      environment: options.environment,
      ...bound,
      signature_algorithm: 'ed25519',
      verification_time_utc: formatUtc(options.now),
      valid_until_utc: formatUtc(validUntil),
      checkpoint_schema: run.checkpoint_schema,
    },
    privateKey,
  );
  // Validated as anyone would validate it: the certificate as its bytes decode, against the run
  // read again from the store, never against the values it was just built from.
  const certificateBytes = encodeCertificate(certificate);
  const issued = decodeCertificate(certificateBytes, 'the issued certificate');
  const derived = await deriveCertificateValues(store, closed.head_hash, options.environment, trust);
  const report = evidenceValidate({
    certificate: issued,
    expected: derived.expected,
    run_id: derived.run.head.run_id,
    tenant_id: options.tenantId,
    environment: options.environment,
    environments: config.environments,
    run: derived.run,
    trust_store: trust.trust_store,
    revocations: trust.revocations,
    at: options.now,
  });
  if (report.verdict !== 'pass') {
    const failed = report.checks.filter((c) => c.result === 'fail');
    // The refused attempt ends in its own trace: its errors, then run_end failed, on the approved
    // state (not the closed one, whose run_end said success). Stored and named, but not claimed
    // as the run's next step, so a promotion retried once the cause is fixed can take it.
    const t0 = await traceLength(store, options.state);
    const token = promotionReplayToken(approved);
    const errors = checkErrorRecords(failed, EVIDENCE_VALIDATE_OPERATOR, t0, token);
    const refused = await appendStep(store, {
      claim: false,
      run_id: approved.head.run_id,
      parent: options.state,
      operator: 'promote',
      records: [
        ...errors,
        {
          record_type: 'run_end',
          t: t0 + errors.length,
          replay_token: token,
          final_status: 'failed',
          release_hash: approved.release_hash,
          env: options.environment,
        },
      ],
      evidence: [{ object_type: 'evidence_report', object_id: options.environment, bytes: encodeCanonical(report) }],
    });
    throw new RollgateError(
      failed[0]!.codes[0] ?? 'EVIDENCE_HASH_MISMATCH',
      `EvidenceValidate refused the promotion of ${options.environment}:\n${failed
        .map((c) => `  ${c.check}: ${c.codes.join(', ')}: ${c.details.join('; ')}`)
        .join('\n')}\nThe refusal is recorded in state ${formatDigest(refused.head_hash)}.`,
      { diagnostics: { state: formatDigest(refused.head_hash) } },
    );
  }
  const hash = certificateHash(issued);
  const stored = await appendStep(store, {
    run_id: run.head.run_id,
    parent: closed.head_hash,
    operator: 'certificate',
    records: [],
    evidence: [
      { object_type: 'execution_certificate', object_id: options.environment, bytes: certificateBytes },
      { object_type: 'evidence_report', object_id: options.environment, bytes: encodeCanonical(report) },
      // The claims, never the token.
      ...(options.claims
        ? [{ object_type: 'job_claims', object_id: options.environment, bytes: encodeCanonical({ ...options.claims }) }]
        : []),
    ],
  });
  const last = config.environments[config.environments.length - 1] === options.environment;
  const commit = last
    ? await commitRun(store, {
        run_id: run.head.run_id,
        head_hash: stored.head_hash,
        certificate: certificateBytes,
        manifest_hash: bound.manifest_hash,
        policy_bundle_hash: bound.policy_bundle_hash,
        determinism_profile_hash: bound.determinism_profile_hash,
      })
    : null;
  await writeFileAtomic(certificatePath, certificateBytes);
  let deploymentId: number | null = null;
  if (options.github) {
    const gh = options.github;
    const deployment = await gh.deployments.createDeployment({
      ref: gh.ref,
      environment: options.environment,
      description: `rollgate ${formatDigest(run.release_hash).slice(0, 19)}`,
      payload: {
        release_hash: formatDigest(run.release_hash),
        certificate_hash: formatDigest(hash),
        state: formatDigest(stored.head_hash),
        // Where the next release's preflight finds the environment's checkpoint on a fresh checkout.
        checkpoint_schema: run.checkpoint_schema,
      },
      production_environment: last,
    });
    deploymentId = deployment.id;
    await gh.deployments.setStatus(deployment.id, {
      state: 'in_progress',
      description: 'promoting',
      log_url: gh.run_url,
    });
    // success makes GitHub mark the environment's older deployments inactive (auto_inactive).
    await gh.deployments.setStatus(deployment.id, {
      state: 'success',
      description: `certificate ${formatDigest(hash).slice(0, 19)}`,
      log_url: gh.run_url,
      ...(gh.environment_url ? { environment_url: gh.environment_url } : {}),
    });
    await gh.deployments.createCheckRun({
      name: `rollgate / ${options.environment}`,
      head_sha: gh.sha,
      conclusion: 'success',
      title: `${options.environment}: promoted`,
      summary: `release ${formatDigest(run.release_hash)}, certificate ${formatDigest(hash)}`,
      details_url: gh.run_url,
    });
  }
  const stateDir = at(options.stateDir);
  await writeState(
    stateDir,
    recordDeployment(
      (await readState(stateDir)) ?? emptyState(),
      options.environment,
      {
        release_hash: formatDigest(run.release_hash),
        status: 'success',
        at_utc: formatUtc(options.now),
        certificate_hash: formatDigest(hash),
        state: formatDigest(stored.head_hash),
        deployment_id: deploymentId,
      },
      run.checkpoint_schema,
    ),
  );
  return {
    certificate,
    certificate_hash: hash,
    evidence_report: report,
    head_hash: stored.head_hash,
    commit,
    deployment_id: deploymentId,
    certificate_path: certificatePath,
    claims: options.claims ?? null,
  };
}
