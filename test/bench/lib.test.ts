// The benchmark helpers with logic of their own: the module graph read from esbuild's output
// (what an action loads before its code runs vs. what it can reach), a CPU profile's time by
// module, and the ratio of a lower-is-better row.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

interface Imports {
  static: string[];
  dynamic: string[];
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface Goal {
  text: string;
  check: (ratio: number | null, ms: number) => boolean;
}
interface Row {
  ratio: number | null;
  ratio_of: string | null;
  met: boolean;
}
interface BenchLib {
  moduleImports(source: string): Imports;
  moduleGraph(entry: string): { loaded: string[]; reachable: string[] };
  profileModules(
    profile: Profile,
    base: string,
  ): { totalMs: number; evaluation: { script: string; ms: number; share: number }[] };
  result(
    name: string,
    rollgateMs: number,
    baseline: string | null,
    baselineMs: number | null,
    goal: Goal,
    higherIsBetter?: boolean,
    notes?: string,
  ): Row;
}

const lib = (await import(resolve(import.meta.dirname, '../../bench/lib.mjs'))) as BenchLib;
const BANNER =
  "import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);\n";

describe('moduleImports', () => {
  it('reads the static imports and re-exports of esbuild output, banner included, and import() apart', () => {
    const source =
      BANNER +
      'import{a as e}from"../chunks/chunk-A.js";import"../chunks/chunk-B.js";import*as n from"node:fs";' +
      'import d,{x}from"./d.js";export*from"./e.js";export{f as g}from"./f.js";\n' +
      'var s="import(x)";async function h(){return(await import("../chunks/lazy-C.js")).run(e)}export{h as a};';
    expect(lib.moduleImports(source)).toEqual({
      static: ['node:module', '../chunks/chunk-A.js', '../chunks/chunk-B.js', 'node:fs', './d.js', './e.js', './f.js'],
      dynamic: ['../chunks/lazy-C.js'],
    });
  });

  it('does not take import.meta, a call named import() or an export without from for an import', () => {
    const source = 'const u=import.meta.url;export{a,b};let exports={};exports.y="./no.js";';
    expect(lib.moduleImports(source)).toEqual({ static: [], dynamic: [] });
  });
});

describe('moduleGraph', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('separates what loads before the entry runs from what only import() reaches', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-graph-'));
    mkdirSync(join(dir, 'actions'));
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(
      join(dir, 'actions/a.js'),
      `${BANNER}import{x}from"../chunks/s1.js";await import("../chunks/l1.js");`,
    );
    writeFileSync(join(dir, 'chunks/s1.js'), `${BANNER}import"./s2.js";import{createHash}from"node:crypto";`);
    writeFileSync(join(dir, 'chunks/s2.js'), `${BANNER}import"./s1.js";export const y=1;`);
    writeFileSync(join(dir, 'chunks/l1.js'), `${BANNER}import"./s2.js";import"./l2.js";`);
    writeFileSync(join(dir, 'chunks/l2.js'), 'export const z=2;');
    writeFileSync(join(dir, 'chunks/unused.js'), 'export const w=3;');
    const graph = lib.moduleGraph(join(dir, 'actions/a.js'));
    expect(graph.loaded).toEqual(['actions/a.js', 'chunks/s1.js', 'chunks/s2.js'].map((f) => join(dir, f)));
    expect(graph.reachable).toEqual(
      ['actions/a.js', 'chunks/l1.js', 'chunks/l2.js', 'chunks/s1.js', 'chunks/s2.js'].map((f) => join(dir, f)),
    );
  });
});

describe('profileModules', () => {
  const frame = (url: string, lineNumber = 0, columnNumber = 0, functionName = '') => ({
    functionName,
    url,
    lineNumber,
    columnNumber,
  });

  it('charges each outermost module top level with everything it calls, the rest to loading', () => {
    const base = '/app';
    const profile: Profile = {
      nodes: [
        { id: 1, callFrame: frame('', -1, -1, '(root)'), children: [2, 3, 6] },
        { id: 2, callFrame: frame('node:internal/modules/esm/utils', 316, 32, 'compileSourceTextModule') },
        { id: 3, callFrame: frame('file:///app/dist/chunks/a.js'), children: [4, 5] },
        // a CommonJS package initialised through the esbuild runtime helper in another chunk
        { id: 4, callFrame: frame('file:///app/dist/chunks/runtime.js', 1, 531) },
        // a module required from a's top level counts for a, not twice
        { id: 5, callFrame: frame('file:///app/node_modules/p/index.js') },
        { id: 6, callFrame: frame('file:///app/dist/chunks/b.js') },
      ],
      samples: [2, 3, 4, 4, 5, 6, 2, 2],
      timeDeltas: [1000, 1000, 1000, 1000, 1000, 2000, 1000, 1000],
    };
    const { totalMs, evaluation } = lib.profileModules(profile, base);
    expect(totalMs).toBe(9);
    expect(evaluation).toEqual([
      { script: 'dist/chunks/a.js', ms: 4, share: 4 / 9 },
      { script: 'dist/chunks/b.js', ms: 2, share: 2 / 9 },
    ]);
  });
});

describe('result', () => {
  const atMost = { text: '≤ 2.5×', check: (r: number | null) => r !== null && r <= 2.5 };
  const atLeast = { text: '≥ 5×', check: (r: number | null) => r !== null && r >= 5 };

  it('states a lower-is-better ratio as rollgate / baseline, the way its goal is stated', () => {
    expect(lib.result('cold start', 150, 'node -e 0', 50, atMost, false)).toMatchObject({
      ratio: 3,
      ratio_of: 'rollgate/baseline',
      met: false,
    });
    expect(lib.result('cold start', 100, 'node -e 0', 50, atMost, false)).toMatchObject({ ratio: 2, met: true });
  });

  it('keeps baseline / rollgate for the existing higher-is-better rows', () => {
    expect(lib.result('lock-verify', 100, 'lockfile-lint', 600, atLeast)).toMatchObject({
      ratio: 6,
      ratio_of: 'baseline/rollgate',
      met: true,
    });
  });
});
