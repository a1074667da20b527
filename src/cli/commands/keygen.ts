// `rollgate keygen`: a new Ed25519 key pair in files, optionally added to a trust store.
import type { Command } from 'commander';
import { toHex } from '../../core/bytes.js';
import { SECONDS_PER_DAY, formatUtc } from '../../core/utc-time.js';
import { keygenSpec } from '../../specs/commands.js';
import type { OptionsOf } from '../../specs/spec.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

type KeygenOptions = OptionsOf<typeof keygenSpec>;

export function registerKeygen(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    keygenSpec,
    'create an Ed25519 key pair (private key mode 0600) and print its public key and key_id',
    run,
    (options) => keygen(options, deps),
  );
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
