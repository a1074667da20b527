// One entry point for every lockfile format: text in, the normalized model out. Each parser
// (and its TOML, YAML or yarn library) is loaded only when a lockfile of its format is read, so
// verifying a uv.lock never loads the YAML parser.
import type { LockFormat, ParsedLockfile } from './model.js';

type Parser = (text: string, path: string) => ParsedLockfile;

const PARSERS: Readonly<Record<LockFormat, () => Promise<Parser>>> = {
  'uv.lock': async () => (await import('./parsers/uv-lock.js')).parseUvLock,
  'poetry.lock': async () => (await import('./parsers/poetry-lock.js')).parsePoetryLock,
  'requirements.txt': async () => (await import('./parsers/requirements-txt.js')).parseRequirementsTxt,
  'package-lock.json': async () => (await import('./parsers/package-lock.js')).parsePackageLock,
  'pnpm-lock.yaml': async () => (await import('./parsers/pnpm-lock.js')).parsePnpmLock,
  'yarn.lock': async () => (await import('./parsers/yarn-lock.js')).parseYarnLock,
  workflow: async () => (await import('./parsers/workflow.js')).parseWorkflow,
};

export async function parseLockfile(text: string, path: string, format: LockFormat): Promise<ParsedLockfile> {
  return (await PARSERS[format]())(text, path);
}
