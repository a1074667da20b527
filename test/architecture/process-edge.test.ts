// The process an entry runs in reaches jobs and operators only through their context: the
// environment, the working directory, the platform, the architecture and the Node.js version
// are read from `process` in one module (src/util/process-context.ts), and only the entries
// (src/actions/*.ts and the CLI's default deps) call it. Type imports of its shape are free.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-dist.js';

const EDGE = 'src/util/process-context.ts';

/** Reads of `process` that are not the runtime environment, each with why it stays. */
const OTHER_READS: Readonly<Record<string, string>> = {
  // The user's command inherits the environment, and its process group is how it is killed.
  'src/providers/shell-command.ts': 'process.env process.platform',
  // `rollgate demo` finds the Prometheus binary the way a shell would.
  'src/providers/local-prometheus.ts': 'process.env',
};

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources('src').map((path) => ({ path, text: readFileSync(join(repoRoot, path), 'utf8') }));
const READ = /\bprocess\.(env|cwd|platform|arch|versions)\b/g;

describe('the process environment (src/util/process-context.ts)', () => {
  it('is read from process in the edge module only', () => {
    const reads = files
      .filter((f) => f.path !== EDGE)
      .flatMap((f) => {
        const allowed = (OTHER_READS[f.path] ?? '').split(' ');
        const found = new Set([...f.text.matchAll(READ)].map((m) => m[0]));
        return [...found].filter((read) => !allowed.includes(read)).map((read) => `${f.path}: ${read}`);
      });
    expect(reads).toEqual([]);
  });

  it('is built by the entries alone', () => {
    const builders = files
      .filter((f) => /^import \{[^}]*\bprocessContext\b[^}]*\} from '[./]+\/util\/process-context\.js';$/m.test(f.text))
      .map((f) => f.path)
      .sort();
    const entries = sources('src/actions');
    expect(builders).toEqual([...entries, 'src/cli/program.ts'].sort());
  });
});
