// The trust store and revocation bundle a step verifies with: from the given paths or the
// config's, each checked against its pin in the config when one is set; an absent revocation
// bundle is the empty one. Their bytes are returned too: certificates bind their hashes.
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

export async function loadTrustInputs(
  workspace: string,
  trust: Config['trust'],
  override: { readonly trustStorePath?: string; readonly revocationsPath?: string },
): Promise<TrustInputs> {
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
