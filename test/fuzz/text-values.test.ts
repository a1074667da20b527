// The small text forms read from outside: `sha256:<hex>` digests, UTC times, PEM keys (a
// signing key pasted into a CI secret), Prometheus sample values and the runtime events log.
// Each is refused with its code or read to a value that writes back to exactly its text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDigest, parseDigest } from '../../src/core/digest.js';
import {
  privateKeyFromPem,
  privateKeyToPem,
  publicKeyFromPem,
  publicKeyOf,
  publicKeyToPem,
} from '../../src/core/ed25519.js';
import { formatUtc, parseUtc } from '../../src/core/utc-time.js';
import { parseSampleValue } from '../../src/providers/metrics/prometheus-metrics.js';
import { summarizeEvents } from '../../src/runtime/status-inspect.js';
import { settle } from '../adversarial/harness.js';
import { fuzz } from './fuzz-runs.js';
import { textInputs } from './text-mutations.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const PRIVATE_KEY = new Uint8Array(32).fill(9);
const PRIVATE_PEM = privateKeyToPem(PRIVATE_KEY);
const PUBLIC_PEM = publicKeyToPem(publicKeyOf(PRIVATE_KEY));
const EVENTS = [
  '{"cycle":1,"reason_codes":["A","B"],"health_reason":"ok"}',
  '',
  '{"cycle":2,"reason_codes":["B"],"health_reason":"degraded"}',
  'not json',
  '',
].join('\n');

describe('text values', () => {
  it('digests: DIGEST_FORMAT_INVALID, or 32 bytes that format back to the text', async () => {
    await fuzz('core/digest-text', textInputs([DIGEST]), async (text) => {
      const outcome = await settle(() => parseDigest(text, 'digest'), ['DIGEST_FORMAT_INVALID']);
      if (outcome.ok) expect(formatDigest(outcome.value)).toBe(text);
      return outcome.ok;
    });
  });

  it('UTC times: TIME_FORMAT_INVALID, or epoch seconds that format back to the text', async () => {
    const times = fc.oneof(
      textInputs(['2026-01-01T00:00:00Z', '2024-02-29T23:59:59Z']),
      fc.integer({ min: -62_135_596_800, max: 253_402_300_799 }).map(formatUtc),
    );
    await fuzz('core/utc-time', times, async (text) => {
      const outcome = await settle(() => parseUtc(text, 'time'), ['TIME_FORMAT_INVALID']);
      if (outcome.ok) expect(formatUtc(outcome.value)).toBe(text);
      return outcome.ok;
    });
  });

  it('PEM keys: KEY_FORMAT_INVALID, or 32 key bytes', async () => {
    await fuzz(
      'core/pem-keys',
      textInputs([PRIVATE_PEM, PUBLIC_PEM, PRIVATE_PEM.replace(/\n/g, '\\n')]),
      async (text) => {
        let accepted = false;
        for (const read of [privateKeyFromPem, publicKeyFromPem]) {
          const outcome = await settle(() => read(text, 'key'), ['KEY_FORMAT_INVALID']);
          if (outcome.ok) expect(outcome.value.length).toBe(32);
          accepted ||= outcome.ok;
        }
        return accepted;
      },
    );
  });

  it('Prometheus sample values: a number for any text, never a throw', async () => {
    await fuzz('metrics/prometheus-sample', textInputs(['1.5', '+Inf', '-Inf', 'NaN', '1e-3', '42']), async (text) => {
      const outcome = await settle(() => parseSampleValue(text));
      expect(outcome.ok && typeof outcome.value).toBe('number');
      return true;
    });
  });

  it('runtime events log: every non-blank line counted as valid or invalid, reason codes as text', async () => {
    await fuzz('runtime/events-log', textInputs([EVENTS]), async (text) => {
      const outcome = await settle(() => summarizeEvents(text));
      if (!outcome.ok) return false;
      const summary = outcome.value;
      expect(summary.valid + summary.invalid).toBe(text.split('\n').filter((l) => l.trim() !== '').length);
      for (const code of summary.last_reason_codes) expect(typeof code).toBe('string');
      return true;
    });
  });
});
