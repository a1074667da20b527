// The wall clock as the code under test reads it. A fixture that meets real code running on the
// real clock (a built action, a child process) is built relative to this instant, never to a
// fixed date: a fixed date is a test that expires. Tests of the operators pass fixed instants.
export const SECONDS_PER_DAY = 86_400;

/** Epoch seconds, as the actions' `now()` reads them. */
export function wallClockSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
