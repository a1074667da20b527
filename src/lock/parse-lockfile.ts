// One entry point for every lockfile format: text in, the normalized model out. Each parser
// (and its TOML, YAML or yarn library) is loaded only when a lockfile of its format is read, so
// verifying a uv.lock never loads the YAML parser. The registry configuration of npm, pnpm and
// yarn locks (.npmrc, .yarnrc.yml) goes through the same dispatch: it parses to index options.
import type { InputFormat, ParsedLockfile } from './model.js';

type Parser = (text: string, path: string) => ParsedLockfile;

const PARSERS: Readonly<Record<InputFormat, () => Promise<Parser>>> = {
  'uv.lock': async () => (await import('./parsers/uv-lock.js')).parseUvLock,
  'poetry.lock': async () => (await import('./parsers/poetry-lock.js')).parsePoetryLock,
  'requirements.txt': async () => (await import('./parsers/requirements-txt.js')).parseRequirementsTxt,
  'package-lock.json': async () => (await import('./parsers/package-lock.js')).parsePackageLock,
  'pnpm-lock.yaml': async () => (await import('./parsers/pnpm-lock.js')).parsePnpmLock,
  'yarn.lock': async () => (await import('./parsers/yarn-lock.js')).parseYarnLock,
  workflow: async () => (await import('./parsers/workflow.js')).parseWorkflow,
  '.npmrc': async () => (await import('./parsers/npmrc.js')).parseNpmrc,
  '.yarnrc.yml': async () => (await import('./parsers/yarnrc-yml.js')).parseYarnrcYml,
};

export async function parseLockfile(text: string, path: string, format: InputFormat): Promise<ParsedLockfile> {
  return (await PARSERS[format]())(text, path);
}
