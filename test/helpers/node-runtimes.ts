// The Node runtimes the built dist/ must work on: the one running the tests (Node 20 here)
// and Node 24, the runtime GitHub runs actions on. .ci/run exports ROLLGATE_NODE24; a local
// run finds it through npx (the `node` package of the npm registry), cached after the first.
import { execFileSync } from 'node:child_process';

export interface NodeRuntime {
  readonly name: string;
  readonly path: string;
}

let node24: string | undefined;

function findNode24(): string {
  if (process.env.ROLLGATE_NODE24) return process.env.ROLLGATE_NODE24;
  node24 ??= execFileSync('npx', ['-y', '-p', 'node@24', 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  return node24;
}

export function nodeRuntimes(): NodeRuntime[] {
  return [
    { name: `node${process.versions.node.split('.')[0]}`, path: process.execPath },
    { name: 'node24', path: findNode24() },
  ];
}
