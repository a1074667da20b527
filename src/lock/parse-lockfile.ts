// One entry point for every lockfile format: text in, the normalized model out.
import type { LockFormat, ParsedLockfile } from './model.js';
import { parsePackageLock } from './parsers/package-lock.js';
import { parsePnpmLock } from './parsers/pnpm-lock.js';
import { parsePoetryLock } from './parsers/poetry-lock.js';
import { parseRequirementsTxt } from './parsers/requirements-txt.js';
import { parseUvLock } from './parsers/uv-lock.js';
import { parseWorkflow } from './parsers/workflow.js';
import { parseYarnLock } from './parsers/yarn-lock.js';

const PARSERS: Readonly<Record<LockFormat, (text: string, path: string) => ParsedLockfile>> = {
  'uv.lock': parseUvLock,
  'poetry.lock': parsePoetryLock,
  'requirements.txt': parseRequirementsTxt,
  'package-lock.json': parsePackageLock,
  'pnpm-lock.yaml': parsePnpmLock,
  'yarn.lock': parseYarnLock,
  workflow: parseWorkflow,
};

export function parseLockfile(text: string, path: string, format: LockFormat): ParsedLockfile {
  return PARSERS[format](text, path);
}
