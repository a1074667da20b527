// The wall clock as the code under test reads it. A fixture that meets real code running on the
// real clock (a built action, a child process) is built relative to this instant, never to a
// fixed date: a fixed date is a test that expires. Tests of the operators pass fixed instants.
export const SECONDS_PER_DAY = 86_400;

/** Epoch seconds, as the actions' `now()` reads them. */
export function wallClockSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * The variables that set this machine's clock for a child process (faketime's LD_PRELOAD and
 * FAKETIME*), for children started with a clean environment: a runner's processes share the
 * machine's clock, so a shifted clock must reach them too.
 */
export function clockEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name === 'LD_PRELOAD' || name.startsWith('FAKETIME')),
  );
}
