// The machine a step runs on, as its entry point saw it. It feeds runtime_env_hash and names
// the workspace, so it reaches jobs and operators only through their options or context, never
// through `process`: a test or a replay passes the host it means.
export interface HostEnvironment {
  readonly platform: string;
  readonly arch: string;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** The Node.js version rollgate runs under: an npm-only lock's toolchain when none is given. */
  readonly node: string;
}
