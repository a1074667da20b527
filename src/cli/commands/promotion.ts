// `rollgate promote`, `rollgate rollback` and `rollgate verify-certificate`: promotion with an
// ExecutionCertificate, rollback to the previous stable release, and the offline check a third
// party runs with only the certificate and the trust store.
import type { Command } from 'commander';
import { formatDigest } from '../../core/digest.js';
import { verifyCertificateSpec } from '../../specs/commands.js';
import { promoteSpec } from '../../specs/promote.js';
import { rollbackSpec } from '../../specs/rollback.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { EXIT_USER } from '../error-boundary.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerPromotion(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    promoteSpec,
    'issue the ExecutionCertificate for an environment from the approved state, validate it, record it',
    run,
    async (flags) => {
      const { promoteJob } = await import('../../jobs/promote-job.js');
      const result = await promoteJob({
        workspace: deps.host.cwd,
        stateDir: flags.stateDir,
        configPath: flags.config,
        state: flags.state,
        environment: flags.environment,
        key: { ...(flags.key ? { file: flags.key } : {}), ...(flags.keyEnv ? { env: flags.keyEnv } : {}) },
        env: deps.env,
        tenantId: flags.tenant,
        ...(flags.trustStore ? { trustStorePath: flags.trustStore } : {}),
        ...(flags.revocations ? { revocationsPath: flags.revocations } : {}),
        outputDir: flags.outputDir,
        force: flags.force === true,
        ...(flags.validDays ? { validSeconds: flags.validDays * 86_400 } : {}),
        now: flags.at ?? deps.now(),
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
    },
  );
  specCommand(
    program,
    rollbackSpec,
    'restore the previous stable release of an environment and re-check its health',
    run,
    async (flags) => {
      const { rollbackJob } = await import('../../jobs/rollback-job.js');
      const { setTimeout: sleep } = await import('node:timers/promises');
      const result = await rollbackJob({
        workspace: deps.host.cwd,
        stateDir: flags.stateDir,
        configPath: flags.config,
        environment: flags.environment,
        ...(flags.state ? { state: flags.state } : {}),
        ...(flags.failedRelease ? { failedRelease: flags.failedRelease } : {}),
        ...(flags.deployCommand ? { deployCommand: flags.deployCommand } : {}),
        reason: flags.reason,
        now: deps.now,
        host: deps.host,
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
    },
  );
  specCommand(
    program,
    verifyCertificateSpec,
    'check an ExecutionCertificate offline: its signer, its validity, the trust inputs it binds, and with --state every value it binds, derived again from the store',
    run,
    async (flags) => {
      const { verifyCertificateJob } = await import('../../jobs/verify-certificate-job.js');
      const result = await verifyCertificateJob({
        workspace: deps.host.cwd,
        certificatePath: flags.file,
        trustStorePath: flags.trustStore,
        ...(flags.revocations ? { revocationsPath: flags.revocations } : {}),
        configPath: flags.config,
        at: flags.at ?? deps.now(),
        ...(flags.state ? { state: flags.state } : {}),
        stateDir: flags.stateDir,
      });
      const p = result.certificate.signed_payload;
      const out = {
        verdict: result.verdict,
        certificate_hash: formatDigest(result.certificate_hash),
        environment: p.environment,
        tenant_id: p.tenant_id,
        run_id: p.run_id,
        release_hash: formatDigest(p.release_hash),
        key_id: result.certificate.key_id,
        verification_time_utc: p.verification_time_utc,
        valid_until_utc: p.valid_until_utc,
        signature: result.signatures,
        validity: result.validity,
        comparisons: result.comparisons,
        ...(result.evidence ? { checks: result.evidence.checks } : {}),
      };
      if (flags.json) printJson(deps.output, out);
      else {
        deps.output.out(`certificate ${out.certificate_hash}: ${out.verdict} (${p.environment}, ${out.release_hash})`);
        for (const s of result.signatures.filter((x) => !x.counted))
          deps.output.out(`  ${s.key_id}: ${s.codes.join(', ')}: ${s.reasons.join('; ')}`);
        for (const v of out.validity) deps.output.out(`  ${v.code}: ${v.detail}`);
        for (const c of out.comparisons.filter((x) => !x.equal))
          deps.output.out(`  EVIDENCE_HASH_MISMATCH: ${c.field}: certificate ${c.certificate}, derived ${c.expected}`);
        for (const c of result.evidence?.checks.filter((x) => x.result === 'fail') ?? [])
          deps.output.out(`  ${c.check}: ${c.codes.join(', ')}: ${c.details.join('; ')}`);
      }
      const ok = result.verdict === 'pass';
      return ok ? 0 : EXIT_USER;
    },
  );
}
