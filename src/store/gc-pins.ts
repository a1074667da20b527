// Golden pins (gc/pins.json): the objects `rollgate gc --pin` keeps, each with the time it was
// pinned, from which the golden class's minimum age counts. A store written before pins carried
// their time holds a plain list of digests: those pins count from the file's last change.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { formatDigest } from '../core/digest.js';
import { compareText } from '../core/errors.js';
import { parseJsonText, schemaValidator, validateOrThrow } from '../core/schema.js';
import { formatUtc, parseUtc } from '../core/utc-time.js';
import { writeFileAtomic } from './atomic-write.js';
import type { ObjectStore } from './object-store.js';
import { readStoreFile } from './wal.js';

const Digest = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
export const PinsSchema = Type.Array(
  Type.Union([
    Digest,
    Type.Object({ digest: Digest, pinned_utc: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  ]),
);
const validatePins = schemaValidator(PinsSchema);
/** Far above any real list of pins (one short entry per pinned release). */
const MAX_PINS_BYTES = 16 * 1024 * 1024;

export interface Pin {
  readonly digest: string;
  /** When it was pinned, epoch seconds. */
  readonly pinned_at: number;
}

export const pinsPath = (store: ObjectStore): string => join(store.layout.gc, 'pins.json');

export async function readPins(store: ObjectStore): Promise<Pin[]> {
  const path = pinsPath(store);
  // Only a regular file is read: a FIFO there would block gc, a link to /dev/zero never end.
  const bytes = await readStoreFile(path, MAX_PINS_BYTES);
  if (bytes === undefined) return [];
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const entries = validateOrThrow(
    validatePins,
    parseJsonText(text, 'STORE_LAYOUT_INVALID', path),
    'STORE_LAYOUT_INVALID',
    path,
  );
  const fileTime = entries.some((e) => typeof e === 'string') ? Math.floor((await lstat(path)).mtimeMs / 1000) : 0;
  const pins = new Map<string, Pin>();
  for (const entry of entries) {
    const pin =
      typeof entry === 'string'
        ? { digest: entry, pinned_at: fileTime }
        : { digest: entry.digest, pinned_at: parseUtc(entry.pinned_utc, `${path} pinned_utc`) };
    const seen = pins.get(pin.digest);
    if (!seen || seen.pinned_at < pin.pinned_at) pins.set(pin.digest, pin);
  }
  return [...pins.values()].sort((a, b) => compareText(a.digest, b.digest));
}

export async function writePins(store: ObjectStore, pins: readonly Pin[]): Promise<void> {
  const list = [...pins]
    .sort((a, b) => compareText(a.digest, b.digest))
    .map((p) => ({ digest: p.digest, pinned_utc: formatUtc(p.pinned_at) }));
  await writeFileAtomic(pinsPath(store), `${JSON.stringify(list, null, 2)}\n`);
}

/** Pins (the object must be in the store and verify) or unpins a digest; pinning again restarts its age. */
export async function setPin(store: ObjectStore, digest: Uint8Array, pinned: boolean, now: number): Promise<Pin[]> {
  const text = formatDigest(digest);
  if (pinned) await store.get(digest);
  const pins = new Map((await readPins(store)).map((p) => [p.digest, p]));
  if (pinned) pins.set(text, { digest: text, pinned_at: now });
  else pins.delete(text);
  await writePins(store, [...pins.values()]);
  return readPins(store);
}
