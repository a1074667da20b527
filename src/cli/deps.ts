// The ports a CLI command may use. The wall clock and the host enter here and nowhere below.
import type { ProcessContext } from '../util/process-context.js';
import type { CliOutput } from './output.js';

/** The terminal, and the environment, wall clock and host the entry read from its process. */
export interface CliDeps extends ProcessContext {
  readonly output: CliOutput;
}

/** Runs a command's action inside the error boundary; a returned number is the exit code. */
export type RunCommand = (action: () => Promise<number | void>) => void;
