// Every lockfile parser, through the parseLockfile dispatch: token soup and line-aware mutations
// of valid files end in LOCK_PARSE_FAILED naming the file and a line, or in a model that is the
// same on a second parse, keeps its entries sorted, and validates to coded findings. The
// dispatch also gets every format's files under every other format's name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/error-codes.js';
import { LOCK_FORMATS, type LockFormat } from '../../src/lock/model.js';
import { parseLockfile } from '../../src/lock/parse-lockfile.js';
import { sortEntries } from '../../src/lock/parsers/sort-entries.js';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { validateLockfile } from '../../src/lock/validate-lockfile.js';
import { settle } from '../adversarial/harness.js';
import { fuzz } from './fuzz-runs.js';
import { LOCK_SAMPLES } from './lockfile-samples.js';
import { textInputs } from './text-mutations.js';

const POLICY = defaultLockPolicy();
const KNOWN_CODES = Object.keys(ERROR_CODES);

async function parsesSanely(format: LockFormat, text: string): Promise<boolean> {
  const path = `fuzz.${format}`;
  const outcome = await settle(() => parseLockfile(text, path, format), ['LOCK_PARSE_FAILED']);
  if (!outcome.ok) {
    expect(outcome.error.message.startsWith(`${path}:`)).toBe(true);
    expect(outcome.error.message).toMatch(/^\S+:\d+: /);
    return false;
  }
  const lock = outcome.value;
  expect(lock.format).toBe(format);
  expect(await parseLockfile(text, path, format)).toEqual(lock);
  expect(sortEntries(lock.entries)).toEqual(lock.entries);
  for (const e of lock.entries) expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
  for (const f of validateLockfile(lock, POLICY)) expect(KNOWN_CODES).toContain(f.code);
  return true;
}

describe('lockfile parsers', () => {
  it.each(LOCK_FORMATS)('the samples of %s parse', async (format) => {
    for (const sample of LOCK_SAMPLES[format]) {
      expect((await parseLockfile(sample, 'sample', format)).entries.length).toBeGreaterThan(0);
    }
  });

  it.each(LOCK_FORMATS)('%s: mutated files and token soup', async (format) => {
    await fuzz(`lock/${format}`, textInputs(LOCK_SAMPLES[format]), (text) => parsesSanely(format, text));
  });

  it('parseLockfile dispatch: any format read as any other', async () => {
    const anySample = Object.values(LOCK_SAMPLES).flat();
    await fuzz('lock/dispatch', fc.tuple(fc.constantFrom(...LOCK_FORMATS), textInputs(anySample)), ([format, text]) =>
      parsesSanely(format, text),
    );
  });
});
