// The fuzz suite's one knob (issue 9): ROLLGATE_FUZZ_RUNS cases per target (the nightly sets
// 100000; the default keeps test/fuzz near a minute on 2 cores under `npm test`), one fixed
// seed so that any failure replays (ROLLGATE_FUZZ_SEED overrides it), and the number of cases
// each target really ran, counted inside its property and reported when its file ends.
import fc from 'fast-check';
import { afterAll, vi } from 'vitest';
import { reportCounts, type TargetCount } from './fuzz-report.js';

const DEFAULT_RUNS = 500;
const DEFAULT_SEED = 20_261_124;

function envInteger(name: string, fallback: number, min: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}

export const FUZZ_RUNS = envInteger('ROLLGATE_FUZZ_RUNS', DEFAULT_RUNS, 1, 100_000_000);
/** fast-check seeds are 32-bit integers. */
export const FUZZ_SEED = envInteger('ROLLGATE_FUZZ_SEED', DEFAULT_SEED, -(2 ** 31), 2 ** 31 - 1);

// A target's time grows with its case count: vitest's 60 s default would cut a nightly target
// short. A hang inside one case is the harness's time bound to catch, not this one.
const MS_PER_CASE = 50;
vi.setConfig({ testTimeout: Math.max(60_000, FUZZ_RUNS * MS_PER_CASE) });

const counts: TargetCount[] = [];
afterAll(() => reportCounts(counts, { runs: FUZZ_RUNS, seed: FUZZ_SEED }));

/**
 * Runs `check` on `FUZZ_RUNS * scale` values of `input` (at least one; slow targets take a
 * scale below 1) and records how many ran. `check` fails the property by throwing: every
 * target throws on an uncoded error, a broken round trip or a broken invariant. It returns
 * true for an input the entry accepted (an operator: passed), so the report shows how many
 * inputs got past the checks and reached the properties of an accepted result.
 */
export async function fuzz<T>(
  target: string,
  input: fc.Arbitrary<T>,
  check: (value: T) => Promise<boolean | void> | boolean | void,
  scale = 1,
): Promise<void> {
  let cases = 0;
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(input, async (value) => {
      cases++;
      if ((await check(value)) === true) accepted++;
    }),
    { numRuns: Math.max(1, Math.round(FUZZ_RUNS * scale)), seed: FUZZ_SEED },
  );
  counts.push({ target, cases, accepted, seed: FUZZ_SEED });
}
