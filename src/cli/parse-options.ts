// Option value parsers for commander: a bad value is the user's mistake, with a clear code.
import { RollgateError } from '../core/errors.js';

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new RollgateError('INPUT_INVALID', `expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new RollgateError('INPUT_INVALID', `expected a whole number >= 0, got ${JSON.stringify(value)}`);
  return n;
}
