// Passing state between jobs (DESIGN 3, 5), independent of how the bytes travel. A job
// exports the bundle of its head and uploads it under a name derived from that head; the next
// job, given only the head (the `state` output), downloads by that name and imports with the
// head as the expected one. The transport is not trusted: import verifies every object, the
// chain and the HEAD in memory, and writes nothing to the store unless all of it holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assertBytes, toHex } from '../core/bytes.js';
import { DIGEST_LENGTH } from '../core/digest.js';
import { exportBundle, importBundle, type BundleSummary } from './bundle.js';
import type { ObjectStore } from './object-store.js';
import type { StateTransport } from './state-transport.js';

export const STATE_ARTIFACT_PREFIX = 'rollgate-state-';

/** `rollgate-state-<64 hex>`: the artifact name of the bundle whose HEAD is `head`. */
export function stateArtifactName(head: Uint8Array): string {
  return `${STATE_ARTIFACT_PREFIX}${toHex(assertBytes(head, DIGEST_LENGTH, 'state head'))}`;
}

export interface PublishedState extends BundleSummary {
  readonly name: string;
}

/** Exports the bundle of `head` into a fresh directory under `tmpDir` and uploads it. */
export async function publishState(
  store: ObjectStore,
  head: Uint8Array,
  transport: StateTransport,
  tmpDir: string,
): Promise<PublishedState> {
  const name = stateArtifactName(head);
  const work = await mkdtemp(join(tmpDir, 'rollgate-publish-'));
  try {
    const summary = await exportBundle(store, head, join(work, `${name}.tar`));
    await transport.upload(name, join(work, `${name}.tar`));
    return { name, ...summary };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Downloads the bundle named after `head` into a fresh directory under `tmpDir` and imports it,
 * refusing any bundle whose HEAD is not `head` (BUNDLE_INVALID) or that does not verify.
 */
export async function receiveState(
  store: ObjectStore,
  head: Uint8Array,
  transport: StateTransport,
  tmpDir: string,
): Promise<{ head: Uint8Array; objects: number }> {
  const name = stateArtifactName(head);
  const work = await mkdtemp(join(tmpDir, 'rollgate-receive-'));
  try {
    const file = await transport.download(name, work);
    return await importBundle(store, file, { expectedHead: head });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
