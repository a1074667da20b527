// One lock-verify step: read the lockfiles, policy, artifact index and base versions, run the
// pure operators, write the SBOM and report, and commit the step to the state store. Shared by
// the action and the CLI, which only differ in how they read options and render the result.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { encodeCanonical } from '../core/cbor.js';
import { objectDigest, sha256 } from '../core/digest.js';
import { stableJson } from '../core/json-view.js';
import { fromUtf8 } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';
import type { HostEnvironment } from '../core/host.js';
import { runLockVerify, type LockVerifyResult } from '../lock/lock-verify.js';
import { REGISTRY_CONFIG_FORMATS, type ParsedLockfile } from '../lock/model.js';
import { parseLockfile } from '../lock/parse-lockfile.js';
import { defaultLockPolicy, parseLockPolicy, type LockPolicy } from '../lock/policy.js';
import type { Toolchain } from '../lock/toolchain.js';
import { readArtifactIndex } from '../providers/artifact-index.js';
import { detectFormat, readAtRef, readWorkspaceFile, resolveLockfiles } from '../providers/lockfile-files.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { ObjectStore } from '../store/object-store.js';
import { appendStep, loadHead } from '../store/step-heads.js';
import { detectToolchain } from '../providers/toolchain-detect.js';
import { VERSION } from '../core/version.js';

export interface LockVerifyOptions {
  readonly workspace: string;
  readonly lockfiles: readonly string[];
  readonly policy?: string;
  readonly artifactIndex?: string;
  readonly baseRef?: string;
  readonly mode: 'enforce' | 'warn';
  readonly stateDir: string;
  readonly sbomPath?: string;
  readonly runId?: string;
  /** The previous step's head (`sha256:…`), when lock-verify is not the first step. */
  readonly parent?: Uint8Array;
  readonly toolchain: Partial<Toolchain>;
  /** The machine the lock is verified on: its platform and architecture are runtime_env_hash. */
  readonly host: HostEnvironment;
}

export interface LockVerifyJobResult extends LockVerifyResult {
  readonly head_hash: Uint8Array;
  readonly report_hash: Uint8Array;
  readonly sbom_path: string;
  readonly report_path: string;
  readonly run_id: string;
}

async function loadPolicy(
  workspace: string,
  path: string | undefined,
): Promise<{ policy: LockPolicy; hash: Uint8Array }> {
  if (path === undefined) {
    const policy = defaultLockPolicy();
    return { policy, hash: objectDigest(policy) };
  }
  const bytes = await readWorkspaceFile(workspace, path);
  return { policy: parseLockPolicy(fromUtf8(bytes), path), hash: sha256(bytes) };
}

export async function lockVerifyJob(options: LockVerifyOptions): Promise<LockVerifyJobResult> {
  const paths = await resolveLockfiles(options.lockfiles, options.workspace);
  const lockfiles = [];
  for (const path of paths) {
    const bytes = await readWorkspaceFile(options.workspace, path);
    let text: string;
    try {
      text = fromUtf8(bytes);
    } catch {
      throw new RollgateError('LOCK_PARSE_FAILED', `${path}:1: not valid UTF-8`);
    }
    lockfiles.push({ bytes, parsed: await parseLockfile(text, path, detectFormat(path)) });
  }
  const { policy, hash: policyHash } = await loadPolicy(options.workspace, options.policy);
  const algorithms = [
    ...new Set(
      lockfiles.flatMap((l) =>
        l.parsed.entries.flatMap((e) => e.artifacts.flatMap((a) => a.hashes.map((h) => h.algorithm))),
      ),
    ),
  ];
  const artifactIndex =
    options.artifactIndex === undefined
      ? undefined
      : await readArtifactIndex(resolve(options.workspace, options.artifactIndex), algorithms);
  let bases: Array<{ path: string; parsed: ParsedLockfile }> | undefined;
  if (options.baseRef !== undefined) {
    bases = [];
    for (const { parsed } of lockfiles) {
      const old = await readAtRef(options.workspace, options.baseRef, parsed.path);
      if (old)
        bases.push({
          path: parsed.path,
          parsed: await parseLockfile(fromUtf8(old), `${options.baseRef}:${parsed.path}`, parsed.format),
        });
    }
  }
  const ecosystems = new Set(lockfiles.map((l) => l.parsed.ecosystem));
  // Registry configuration is read beside the locks but installs nothing: not an installer.
  const installers = lockfiles.filter((l) => !(REGISTRY_CONFIG_FORMATS as readonly string[]).includes(l.parsed.format));
  const installer = [...new Set(installers.map((l) => l.parsed.generator ?? l.parsed.format))].join(', ');
  const toolchain = await detectToolchain(options.toolchain, ecosystems, { installer, node: options.host.node });
  const result = runLockVerify({
    lockfiles,
    policy,
    policy_hash: policyHash,
    ...(artifactIndex ? { artifact_index: artifactIndex } : {}),
    ...(bases ? { bases } : {}),
    toolchain,
    platform: options.host.platform,
    arch: options.host.arch,
    mode: options.mode,
    tool: { name: 'rollgate', version: VERSION },
  });

  const store = new ObjectStore(resolve(options.workspace, options.stateDir));
  const parentHead = options.parent ? await loadHead(store, options.parent) : undefined;
  const runId =
    parentHead?.run_id ??
    options.runId ??
    `lock-${Buffer.from(result.report.replay_token).toString('hex').slice(0, 16)}`;
  const reportBytes = encodeCanonical(result.report);
  const step = await appendStep(store, {
    run_id: runId,
    parent: options.parent ?? null,
    operator: 'lock-verify',
    records: result.records,
    evidence: [
      { object_type: 'lock_report', object_id: 'lock-verify', bytes: reportBytes },
      { object_type: 'sbom', object_id: 'cyclonedx-1.6', bytes: result.sbom },
    ],
  });
  const sbomPath = resolve(options.workspace, options.sbomPath ?? `${options.stateDir}/reports/sbom.cdx.json`);
  const reportPath = resolve(options.workspace, `${options.stateDir}/reports/lock-report.json`);
  await mkdir(dirname(sbomPath), { recursive: true });
  await writeFileAtomic(sbomPath, result.sbom);
  await writeFileAtomic(reportPath, stableJson(result.report));
  return {
    ...result,
    head_hash: step.head_hash,
    report_hash: sha256(reportBytes),
    sbom_path: sbomPath,
    report_path: reportPath,
    run_id: runId,
  };
}
