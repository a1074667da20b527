#!/usr/bin/env node
// Entry of the `rollgate` binary (dist/cli.js).
import { defaultDeps, runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), defaultDeps);
