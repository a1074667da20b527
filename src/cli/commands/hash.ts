// `rollgate hash`: streamed SHA-256 of files, in the digest text form rollgate pins and outputs.
import type { Command } from 'commander';
import { digestFile, formatDigest } from '../../core/digest.js';
import { hashSpec } from '../../specs/commands.js';
import type { CliDeps, RunCommand } from '../deps.js';
import { printJson } from '../output.js';
import { specCommand } from '../parse-options.js';

export function registerHash(program: Command, deps: CliDeps, run: RunCommand): void {
  specCommand(
    program,
    hashSpec,
    'print sha256:<hex> of each file, streamed (the form rollgate pins and outputs)',
    run,
    ({ files, json }) => hash(files, { json }, deps),
  );
}

async function hash(files: string[], options: { json?: boolean }, deps: CliDeps): Promise<void> {
  const results = [];
  for (const path of files) {
    const { digest, size } = await digestFile(path);
    results.push({ path, digest: formatDigest(digest), size });
  }
  if (options.json) printJson(deps.output, results);
  else for (const r of results) deps.output.out(`${r.digest}  ${r.path}`);
}
