// `rollgate promote`, `rollgate rollback` and `rollgate verify-certificate`: promotion with an
// ExecutionCertificate, rollback to the previous stable release, and the offline check a third
// party runs with only the certificate and the trust store.
import type { Command } from 'commander';
import { formatDigest, parseDigest } from '../../core/digest.js';
import { parseUtc } from '../../core/utc-time.js';
import { DEFAULT_CONFIG_PATH } from '../../config/paths.js';
import { DEFAULT_STATE_DIR } from '../../store/layout.js';
import { readBytesRequired } from '../../store/read-text.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

interface PromoteFlags {
  state: string;
  environment: string;
  key?: string;
  keyEnv?: string;
  tenant: string;
  trustStore?: string;
  revocations?: string;
  outputDir: string;
  validDays?: number;
  at?: string;
  config: string;
  stateDir: string;
  json?: boolean;
}

interface RollbackFlags {
  environment: string;
  state?: string;
  failedRelease?: string;
  deployCommand?: string;
  reason: string;
  config: string;
  stateDir: string;
  json?: boolean;
}

interface VerifyFlags {
  trustStore: string;
  revocations?: string;
  at?: string;
  json?: boolean;
}

export function registerPromotion(program: Command, deps: CliDeps, run: RunCommand): void {
  program
    .command('promote')
    .description('issue the ExecutionCertificate for an environment from the approved state, validate it, record it')
    .requiredOption('--state <sha256:…>', "the approved state (the gate's output)")
    .requiredOption('--environment <name>', 'environment to promote')
    .option('--key <file>', 'certificate signing key (PKCS#8 PEM)')
    .option('--key-env <name>', 'environment variable holding the signing key')
    .option('--tenant <owner/repo>', 'the repository the run belongs to', 'local/local')
    .option('--trust-store <file>', "default: the config's trust.trust_store")
    .option('--revocations <file>', "default: the config's trust.revocation_bundle")
    .option('--output-dir <dir>', 'where certificate-<env>.cbor is written', '.')
    .option('--valid-days <n>', 'certificate validity (default 7)', positiveInteger)
    .option('--at <utc>', 'verification time to sign (default now)')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_PATH)
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--json', 'print one JSON document')
    .action((flags: PromoteFlags) =>
      run(async () => {
        const { promoteJob } = await import('../../jobs/promote-job.js');
        const result = await promoteJob({
          workspace: process.cwd(),
          stateDir: flags.stateDir,
          configPath: flags.config,
          state: parseDigest(flags.state, '--state'),
          environment: flags.environment,
          key: { ...(flags.key ? { file: flags.key } : {}), ...(flags.keyEnv ? { env: flags.keyEnv } : {}) },
          env: deps.env,
          tenantId: flags.tenant,
          ...(flags.trustStore ? { trustStorePath: flags.trustStore } : {}),
          ...(flags.revocations ? { revocationsPath: flags.revocations } : {}),
          outputDir: flags.outputDir,
          ...(flags.validDays ? { validSeconds: flags.validDays * 86_400 } : {}),
          now: flags.at ? parseUtc(flags.at, '--at') : deps.now(),
        });
        const out = {
          environment: flags.environment,
          certificate_hash: formatDigest(result.certificate_hash),
          certificate_path: result.certificate_path,
          release_hash: formatDigest(result.certificate.signed_payload.release_hash),
          committed: result.commit !== null,
          state: formatDigest(result.head_hash),
          checks: result.evidence_report.checks,
        };
        if (flags.json) printJson(deps.output, out);
        else deps.output.out(`promoted ${out.environment}: certificate ${out.certificate_hash}, state ${out.state}`);
      }),
    );
  program
    .command('rollback')
    .description('restore the previous stable release of an environment and re-check its health')
    .requiredOption('--environment <name>', 'environment to roll back')
    .option('--state <sha256:…>', "the failed rollout's state")
    .option('--failed-release <sha256:…>', 'the release being rolled back (default: from the state or the history)')
    .option('--deploy-command <cmd>', "overrides the config's deploy_command")
    .option('--reason <text>', 'why (recorded in the report)', 'manual rollback')
    .option('--config <file>', 'config file', DEFAULT_CONFIG_PATH)
    .option('--state-dir <dir>', 'state directory', DEFAULT_STATE_DIR)
    .option('--json', 'print one JSON document')
    .action((flags: RollbackFlags) =>
      run(async () => {
        const { rollbackJob } = await import('../../jobs/rollback-job.js');
        const { setTimeout: sleep } = await import('node:timers/promises');
        const result = await rollbackJob({
          workspace: process.cwd(),
          stateDir: flags.stateDir,
          configPath: flags.config,
          environment: flags.environment,
          ...(flags.state ? { state: parseDigest(flags.state, '--state') } : {}),
          ...(flags.failedRelease ? { failedRelease: parseDigest(flags.failedRelease, '--failed-release') } : {}),
          ...(flags.deployCommand ? { deployCommand: flags.deployCommand } : {}),
          reason: flags.reason,
          now: deps.now,
          sleep: async (ms) => void (await sleep(ms)),
        });
        const out = {
          verdict: result.report.verdict,
          failed_release_hash: result.report.failed_release_hash,
          restored_release_hash: result.report.restored_release_hash,
          rollback_report_hash: formatDigest(result.report_hash),
          health: result.gate_report.gates,
          deployment_report: result.deployment_report,
          state: result.head_hash ? formatDigest(result.head_hash) : null,
        };
        if (flags.json) printJson(deps.output, out);
        else
          deps.output.out(
            `rollback ${flags.environment}: ${out.verdict}, ${out.restored_release_hash} restored, report ${out.rollback_report_hash}`,
          );
        return result.report.verdict === 'restored' ? 0 : EXIT_USER;
      }),
    );
  program
    .command('verify-certificate <file>')
    .description(
      'check an ExecutionCertificate offline: its signer against the trust store and revocations, and its validity',
    )
    .requiredOption('--trust-store <file>', 'trust store')
    .option('--revocations <file>', 'revocation bundle')
    .option('--at <utc>', 'check validity at this instant (default now)')
    .option('--json', 'print one JSON document')
    .action((file: string, flags: VerifyFlags) =>
      run(async () => {
        const { decodeCertificate, certificateHash } = await import('../../promote/execution-certificate.js');
        const { certificateSignature, validityOf } = await import('../../promote/evidence-validate.js');
        const { loadTrustInputs } = await import('../../providers/trust-inputs.js');
        const { defaultConfig } = await import('../../config/load-config.js');
        const certificate = decodeCertificate(await readBytesRequired(file, 'certificate', 'certificate'), file);
        const trust = await loadTrustInputs(process.cwd(), defaultConfig().trust, {
          trustStorePath: flags.trustStore,
          ...(flags.revocations ? { revocationsPath: flags.revocations } : {}),
        });
        const at = flags.at ? parseUtc(flags.at, '--at') : deps.now();
        const validity = validityOf(certificate.signed_payload, at);
        const signature = certificateSignature(certificate, trust, validity.signedAt ?? at);
        const ok = signature.verdict === 'pass' && validity.problems.length === 0;
        const p = certificate.signed_payload;
        const out = {
          verdict: ok ? 'pass' : 'fail',
          certificate_hash: formatDigest(certificateHash(certificate)),
          environment: p.environment,
          tenant_id: p.tenant_id,
          run_id: p.run_id,
          release_hash: formatDigest(p.release_hash),
          key_id: certificate.key_id,
          verification_time_utc: p.verification_time_utc,
          valid_until_utc: p.valid_until_utc,
          signature: signature.signatures,
          validity: validity.problems.map(([code, detail]) => ({ code, detail })),
        };
        if (flags.json) printJson(deps.output, out);
        else {
          deps.output.out(
            `certificate ${out.certificate_hash}: ${out.verdict} (${p.environment}, ${out.release_hash})`,
          );
          for (const s of signature.signatures.filter((x) => !x.counted))
            deps.output.out(`  ${s.key_id}: ${s.codes.join(', ')}: ${s.reasons.join('; ')}`);
          for (const v of out.validity) deps.output.out(`  ${v.code}: ${v.detail}`);
        }
        return ok ? 0 : EXIT_USER;
      }),
    );
}
