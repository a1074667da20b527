#!/usr/bin/env node
// Entry of the `rollgate` binary (dist/cli.js). The status is the command's own, unless
// standard output failed under it (a closed pipe is not a failure: see output.ts).
import { EXIT_USER } from './error-boundary.js';
import { processOutput } from './output.js';
import { defaultDeps, runCli } from './program.js';

const code = await runCli(process.argv.slice(2), defaultDeps);
process.exitCode = code === 0 && processOutput.failed() ? EXIT_USER : code;
