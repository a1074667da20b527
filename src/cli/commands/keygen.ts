// `rollgate keygen`: a new Ed25519 key pair in files, optionally added to a trust store.
import type { Command } from 'commander';
import { Option } from 'commander';
import { toHex } from '../../core/bytes.js';
import { KEY_ROLES, type KeyRole } from '../../core/trust-store.js';
import { SECONDS_PER_DAY, formatUtc } from '../../core/utc-time.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

interface KeygenOptions {
  out: string;
  role: KeyRole;
  trustStore?: string;
  validDays: number;
  rotationMaxAgeDays: number;
  json?: boolean;
}

export function registerKeygen(program: Command, deps: CliDeps, run: RunCommand): void {
  program
    .command('keygen')
    .description('create an Ed25519 key pair (private key mode 0600) and print its public key and key_id')
    .option('--out <dir>', 'directory for <key>.key and <key>.pub', '.rollgate/keys')
    .addOption(
      new Option('--role <role>', 'role granted when added to a trust store').choices(KEY_ROLES).default('release'),
    )
    .option('--trust-store <file>', 'add the public key to this trust store (created if absent)')
    .option('--valid-days <n>', 'validity window from now, in days', positiveInteger, 365)
    .option('--rotation-max-age-days <n>', 'age after which a rotation record is required', positiveInteger, 90)
    .option('--json', 'print one JSON document')
    .action((options: KeygenOptions) => run(() => keygen(options, deps)));
}

async function keygen(options: KeygenOptions, deps: CliDeps): Promise<void> {
  const { generateKeyPair, keyIdOf } = await import('../../core/ed25519.js');
  const { writeKeyPair } = await import('../../store/key-files.js');
  const { trustStoreWithKey, writeTrustStore } = await import('../../store/trust-store-file.js');
  const pair = generateKeyPair();
  const notBefore = deps.now();
  const notAfter = notBefore + options.validDays * SECONDS_PER_DAY;
  // The trust store is checked before any file is written: a bad store leaves nothing behind.
  const storeText =
    options.trustStore === undefined
      ? undefined
      : await trustStoreWithKey(options.trustStore, {
          key_id: keyIdOf(pair.publicKey),
          public_key: pair.publicKey,
          roles: [options.role],
          not_before: notBefore,
          not_after: notAfter,
          rotation_max_age_days: options.rotationMaxAgeDays,
        });
  const written = await writeKeyPair(options.out, pair.privateKey);
  if (options.trustStore !== undefined && storeText !== undefined) await writeTrustStore(options.trustStore, storeText);
  const result = {
    key_id: written.key_id,
    public_key: toHex(written.public_key),
    private_key_path: written.private_key_path,
    public_key_path: written.public_key_path,
    ...(options.trustStore === undefined
      ? {}
      : {
          trust_store: options.trustStore,
          role: options.role,
          not_before: formatUtc(notBefore),
          not_after: formatUtc(notAfter),
        }),
  };
  if (options.json) {
    printJson(deps.output, result);
    return;
  }
  deps.output.out(`key_id      ${result.key_id}`);
  deps.output.out(`public key  ${result.public_key}`);
  deps.output.out(`private key ${result.private_key_path} (mode 0600: keep it secret)`);
  deps.output.out(`public key  ${result.public_key_path}`);
  if (options.trustStore !== undefined) deps.output.out(`trust store ${options.trustStore}: added as ${options.role}`);
}
