// The canary cohort plan (DESIGN 8.1): strictly increasing whole percentages ending at 100,
// default [1, 5, 25, 50, 100] (document 000 II.F).
import { RollgateError } from '../core/errors.js';

export const DEFAULT_COHORTS: readonly number[] = Object.freeze([1, 5, 25, 50, 100]);

export function validateCohorts(cohorts: readonly number[]): readonly number[] {
  const problems: string[] = [];
  if (cohorts.length === 0) problems.push('the plan is empty');
  cohorts.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 1 || c > 100)
      problems.push(`cohort ${i} (${c}) is not a whole percentage in 1..100`);
    else if (i > 0 && c <= cohorts[i - 1]!) problems.push(`cohort ${i} (${c}) does not increase on ${cohorts[i - 1]}`);
  });
  if (cohorts.length > 0 && cohorts[cohorts.length - 1] !== 100) problems.push('the last cohort must be 100');
  if (problems.length > 0) {
    throw new RollgateError('COHORT_PLAN_INVALID', `cohorts ${JSON.stringify(cohorts)}: ${problems.join('; ')}`);
  }
  return cohorts;
}
