// The process an entry point runs in: its environment variables, the wall clock and the host.
// The action entries (src/actions/*.ts) and the CLI's default deps build it here, once: this is
// the only module of src/ that reads `process` for them, so jobs and operators see only what
// their context passes on (a test or a replay passes the values it means).
import type { HostEnvironment } from '../core/host.js';

export interface ProcessContext {
  readonly env: NodeJS.ProcessEnv;
  /** Wall clock, epoch seconds: the only clock a step reads, recorded in its trace. */
  readonly now: () => number;
  /** The machine the step runs on, as the entry saw it: jobs read it, never `process`. */
  readonly host: HostEnvironment;
}

/** The running process's environment, clock and host. */
export function processContext(): ProcessContext {
  return {
    env: process.env,
    now: () => Math.floor(Date.now() / 1000),
    host: { platform: process.platform, arch: process.arch, cwd: process.cwd(), node: process.versions.node },
  };
}
