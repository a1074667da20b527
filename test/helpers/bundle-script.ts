// Bundles a test-side TypeScript script into one .mjs file that a child process can run
// with plain node, the way the crash and race harnesses start their workers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundleScript(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'rollgate-script-')), 'script.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  return outfile;
}
