// Shared helpers for the benchmarks: timing of whole commands (median of runs), peak memory of
// a Node child, the built entry points, and on-demand bundles of internal modules; the Node
// runtimes the rows ran on; the module graph of a built entry; a CPU profile's time by module.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = resolve(import.meta.dirname, '..');
export const out = resolve(root, 'bench/out');
export const scale = Number(process.env.BENCH_SCALE ?? '1');
mkdirSync(out, { recursive: true });

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a command once and returns its wall-clock milliseconds; `check` rejects a failed run. */
export function timeOnce(command, args, { cwd = root, env = process.env, check } = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30, shell: false });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (check && !check(result))
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return ms;
}

/** Runs a command `runs` times (after one untimed warm-up) and returns the median milliseconds. */
export function timeCommand(command, args, { runs = 3, cwd = root, env = process.env, check } = {}) {
  const once = () => timeOnce(command, args, { cwd, env, check });
  once();
  return median(Array.from({ length: runs }, once));
}

/** Peak resident memory (MiB) of a Node run, read with GNU time. */
export function peakMemoryMiB(args, { cwd = root } = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const kb = Number(result.stderr.trim().split('\n').pop());
  return kb / 1024;
}

/** Bundles an internal TypeScript module so a benchmark can call it in-process. */
export async function bundle(entry, name) {
  const outfile = resolve(out, `${name}.mjs`);
  await build({
    entryPoints: [resolve(root, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  return import(outfile);
}

export const cli = resolve(root, 'dist/cli.js');

/**
 * One row of the table. With `higherIsBetter` (the default) the ratio is baseline time / rollgate
 * time, so > 1 means rollgate is faster and goals read "≥ N×". With `higherIsBetter = false` it is
 * rollgate time / baseline time, for goals stated as "at most N× the baseline" (≤ N×): the ratio
 * is always the one the goal is stated in, and `ratio_of` in the JSON says which it is.
 */
export function result(name, rollgateMs, baseline, baselineMs, goal, higherIsBetter = true, notes = '') {
  const ratio = baselineMs === null ? null : higherIsBetter ? baselineMs / rollgateMs : rollgateMs / baselineMs;
  const met = goal.check(ratio, rollgateMs);
  return {
    name,
    rollgate_ms: Math.round(rollgateMs * 10) / 10,
    baseline,
    baseline_ms: baselineMs === null ? null : Math.round(baselineMs * 10) / 10,
    ratio: ratio === null ? null : Math.round(ratio * 100) / 100,
    ratio_of: baselineMs === null ? null : higherIsBetter ? 'baseline/rollgate' : 'rollgate/baseline',
    goal: goal.text,
    met,
    notes,
    higherIsBetter,
  };
}

/** The Node versions the rows ran on, each with what ran on it (the machine line names them). */
export const nodeRuntimes = new Map();

/** Records that `purpose` ran on the Node at `path` and returns its version. */
export function recordNode(path, purpose) {
  const version =
    path === process.execPath
      ? process.version
      : execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  nodeRuntimes.set(version, [...(nodeRuntimes.get(version) ?? []), purpose]);
  return version;
}

let actionNode;

/**
 * The Node the runner starts actions with (`runs.using: node24`): ROLLGATE_NODE24 as .ci/run
 * exports it, else the registry's `node@24` through npx (as test/helpers/node-runtimes.ts finds
 * it), else this process's Node, which `isNode24` then says is not node24.
 */
export function actionsNode() {
  if (actionNode) return actionNode;
  let path = process.env.ROLLGATE_NODE24;
  if (!path) {
    try {
      path = execFileSync('npx', ['-y', '-p', 'node@24', 'node', '-p', 'process.execPath'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      path = process.execPath;
    }
  }
  const version =
    path === process.execPath
      ? process.version
      : execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  actionNode = { path, version, isNode24: version.startsWith('v24.') };
  return actionNode;
}

// esbuild's ES module output: `import{a as b}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`
// at the top of a module (after the banner), and `import("./x.js")` where it loads lazily.
const STATIC_IMPORT =
  /(?:^|[;\n])\s*(?:import|export)\s*(?:(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s*as\s+[\w$]+)?)?\s*from\s*)?(["'])([^"'\n]+)\1/g;
const DYNAMIC_IMPORT = /\bimport\(\s*(["'])([^"'\n]+)\1\s*\)/g;

/** The specifiers a built ES module imports statically and those it loads with import(), in order. */
export function moduleImports(source) {
  const specifiers = (re) => [...source.matchAll(re)].map((m) => m[2]);
  return { static: specifiers(STATIC_IMPORT), dynamic: specifiers(DYNAMIC_IMPORT) };
}

/**
 * The files of a built entry: `loaded`, what Node loads before the entry's own code runs (static
 * imports, transitively), and `reachable`, everything it can load, import() included. Only
 * relative specifiers are files (the bundle has no bare imports but Node's built-ins).
 */
export function moduleGraph(entry) {
  const walk = (start, follow) => {
    const seen = new Set([resolve(start)]);
    const queue = [...seen];
    while (queue.length > 0) {
      const file = queue.shift();
      const imports = moduleImports(readFileSync(file, 'utf8'));
      for (const specifier of follow(imports)) {
        if (!specifier.startsWith('.')) continue;
        const target = resolve(dirname(file), specifier);
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    return [...seen].sort();
  };
  return {
    loaded: walk(entry, (i) => i.static),
    reachable: walk(entry, (i) => [...i.static, ...i.dynamic]),
  };
}

/**
 * Where a V8 CPU profile (node --cpu-prof) of a process start went: its total, and the time spent
 * evaluating each module's top-level code (the frame at line 0, column 0 of a file, with all it
 * calls: a bundled CommonJS package initialising counts for the chunk that holds it), largest
 * first. Files under `base` are named relative to it. The rest of the total is Node's own start
 * and loading (resolving, reading, parsing and compiling) the modules.
 */
export function profileModules(profile, base = root) {
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + us);
    total += us;
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = (id) => {
    let us = 0;
    const stack = [id];
    while (stack.length > 0) {
      const node = byId.get(stack.pop());
      us += self.get(node.id) ?? 0;
      stack.push(...(node.children ?? []));
    }
    return us;
  };
  // Outermost module frames only: a module required from another's top level counts for that one.
  const isModule = (f) => f.url.startsWith('file:') && f.lineNumber === 0 && f.columnNumber === 0;
  const byModule = new Map();
  const children = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  const stack = profile.nodes.filter((n) => !children.has(n.id)).map((n) => n.id);
  while (stack.length > 0) {
    const node = byId.get(stack.pop());
    if (isModule(node.callFrame)) {
      const script = relative(base, fileURLToPath(node.callFrame.url));
      byModule.set(script, (byModule.get(script) ?? 0) + inclusive(node.id));
    } else stack.push(...(node.children ?? []));
  }
  return {
    totalMs: total / 1000,
    evaluation: [...byModule]
      .map(([script, us]) => ({ script, ms: us / 1000, share: total === 0 ? 0 : us / total }))
      .sort((a, b) => b.ms - a.ms || a.script.localeCompare(b.script)),
  };
}
