// The trust store and revocation bundle a step verifies with: from the given paths or the
// config's, each checked against its pin in the config when one is set; an absent revocation
// bundle is the empty one, except in the production environment, which needs the trust store
// pinned and the bundle named (or `revocations: none` said). Their bytes are returned too: certificates bind their hashes.
import { resolve } from 'node:path';
import { utf8 } from '../core/bytes.js';
import { parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import {
  assertPinned,
  parseRevocationBundle,
  parseTrustStore,
  REVOCATION_BUNDLE_VERSION,
  type RevocationBundle,
  type TrustStore,
} from '../core/trust-store.js';
import type { Config } from '../config/schema.js';
import { readTextIfPresent, type ReadKind } from '../util/read-text.js';

export interface TrustInputs {
  readonly trust_store: TrustStore;
  readonly trust_store_bytes: Uint8Array;
  readonly revocations: RevocationBundle;
  readonly revocation_bytes: Uint8Array;
}

export async function readRequired(path: string, what: string, kind: ReadKind = 'trust'): Promise<string> {
  const text = await readTextIfPresent(path, kind);
  if (text === undefined) throw new RollgateError('FILE_NOT_FOUND', `${what} ${path}: no such file`);
  return text;
}

export interface TrustOverride {
  readonly trustStorePath?: string;
  readonly revocationsPath?: string;
  /**
   * The production environment (the last of the config's environments) is being verified: it
   * runs only with the trust store pinned and the revocation bundle named (or none, explicitly).
   */
  readonly production?: string;
}

/** The production pins: refused before anything is read, naming the environment and the fix. */
function assertProductionPins(trust: Config['trust'], override: TrustOverride): void {
  const environment = override.production;
  if (environment === undefined) return;
  if (trust.trust_store_hash === undefined)
    throw new RollgateError(
      'TRUST_STORE_NOT_PINNED',
      `${environment} is the production environment and the config pins no trust store (trust.trust_store_hash)`,
      { diagnostics: { environment } },
    );
  if (override.revocationsPath === undefined && trust.revocation_bundle === undefined && trust.revocations !== 'none')
    throw new RollgateError(
      'REVOCATION_BUNDLE_REQUIRED',
      `${environment} is the production environment and the config names no revocation bundle (trust.revocation_bundle), nor says trust.revocations: none`,
      { diagnostics: { environment } },
    );
}

export async function loadTrustInputs(
  workspace: string,
  trust: Config['trust'],
  override: TrustOverride,
): Promise<TrustInputs> {
  assertProductionPins(trust, override);
  const trustPath = override.trustStorePath ?? trust.trust_store;
  const trustBytes = utf8(await readRequired(resolve(workspace, trustPath), 'trust store'));
  if (trust.trust_store_hash)
    assertPinned(trustBytes, parseDigest(trust.trust_store_hash), 'TRUST_STORE_HASH_MISMATCH', trustPath);
  const revocationPath = override.revocationsPath ?? trust.revocation_bundle;
  const revocationBytes =
    revocationPath === undefined
      ? utf8(JSON.stringify({ revocation_bundle_version: REVOCATION_BUNDLE_VERSION, revocations: [] }))
      : utf8(await readRequired(resolve(workspace, revocationPath), 'revocation bundle'));
  if (trust.revocation_bundle_hash)
    assertPinned(
      revocationBytes,
      parseDigest(trust.revocation_bundle_hash),
      'REVOCATION_BUNDLE_HASH_MISMATCH',
      revocationPath ?? 'revocation bundle',
    );
  return {
    trust_store: parseTrustStore(trustBytes, trustPath),
    trust_store_bytes: trustBytes,
    revocations: parseRevocationBundle(revocationBytes, revocationPath ?? 'revocation bundle'),
    revocation_bytes: revocationBytes,
  };
}
