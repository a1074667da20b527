// Times in signed and hashed data are UTC seconds written YYYY-MM-DDTHH:MM:SSZ (DESIGN 4.3):
// one spelling per instant, so equal instants hash equally.
import { RollgateError } from './errors.js';

const UTC_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Parses the canonical form into epoch seconds; refuses anything else, including 2026-02-30. */
export function parseUtc(text: string, where = 'time'): number {
  const match = typeof text === 'string' ? UTC_RE.exec(text) : null;
  if (match) {
    const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    if (formatUtc(ms / 1000) === text) return ms / 1000;
  }
  throw new RollgateError(
    'TIME_FORMAT_INVALID',
    `${where}: expected a UTC time YYYY-MM-DDTHH:MM:SSZ, got ${JSON.stringify(String(text).slice(0, 40))}`,
  );
}

export function formatUtc(epochSeconds: number): string {
  if (!Number.isSafeInteger(epochSeconds)) throw new RangeError('epoch seconds must be an integer');
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const SECONDS_PER_DAY = 86_400;
