// Builds dist/: one shared set of ESM chunks plus a tiny entry per action
// (src/actions/<name>.ts -> dist/actions/<name>.js), the CLI (dist/cli.js) and the public core
// library (dist/core.js with its declarations under dist/types/). esbuild, not ncc: ncc
// cannot share chunks between entries, so N actions would carry N copies of the library.
// The output is a pure function of the sources and the lockfile, checked in CI with
// `git status --porcelain` after a clean rebuild.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const actionsDir = 'src/actions';
const actionEntries = existsSync(actionsDir)
  ? readdirSync(actionsDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => [`actions/${f.slice(0, -3)}`, `${actionsDir}/${f}`])
  : [];

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: Object.fromEntries([['cli', 'src/cli/main.ts'], ['core', 'src/core/index.ts'], ...actionEntries]),
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  legalComments: 'linked',
  // @yarnpkg/parsers' index also carries its shell and resolution grammars (~60 kB minified)
  // that rollgate never calls; its exports map hides the syml module the yarn.lock parser uses.
  alias: { '@yarnpkg/parsers': './node_modules/@yarnpkg/parsers/lib/syml.js' },
  charset: 'utf8',
  logLevel: 'warning',
  // Bundled CommonJS dependencies (ajv) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);",
  },
});

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
