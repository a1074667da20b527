// Runtime cycle counters from literals: every counter zero unless the test says otherwise.
import { ZERO_COUNTERS, type CycleCounters } from '../../src/runtime/cycle.js';

export const ZERO_CYCLE = ZERO_COUNTERS;

export const cycle = (counters: Partial<CycleCounters>): CycleCounters => ({ ...ZERO_CYCLE, ...counters });
