// The host tests run jobs on: fixed, so the runtime_env_hash a replay token binds (and every
// golden trace holding one) is the same on any machine; the working directory where a test
// needs one (relative paths a job resolves), else the test process's own; the Node.js version
// the tests run under, as the entries pass theirs.
import type { HostEnvironment } from '../../src/core/host.js';

export function testHost(cwd: string = process.cwd()): HostEnvironment {
  return { platform: 'linux', arch: 'x64', cwd, node: process.versions.node };
}
