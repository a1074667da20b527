// The ports a CLI command may use. The wall clock and the host enter here and nowhere below.
import type { HostEnvironment } from '../core/host.js';
import type { CliOutput } from './output.js';

export interface CliDeps {
  readonly output: CliOutput;
  /** Wall clock, epoch seconds. */
  readonly now: () => number;
  readonly env: NodeJS.ProcessEnv;
  /** The machine the command runs on: jobs read it, never `process`. */
  readonly host: HostEnvironment;
}

/** Runs a command's action inside the error boundary; a returned number is the exit code. */
export type RunCommand = (action: () => Promise<number | void>) => void;
