// Shared helpers for the benchmarks: timing of whole commands (median of runs), peak memory of
// a Node child, the built entry points, and on-demand bundles of internal modules.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

export const root = resolve(import.meta.dirname, '..');
export const out = resolve(root, 'bench/out');
export const scale = Number(process.env.BENCH_SCALE ?? '1');
mkdirSync(out, { recursive: true });

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a command `runs` times (after one untimed warm-up) and returns the median milliseconds. */
export function timeCommand(command, args, { runs = 3, cwd = root, env = process.env, check } = {}) {
  const once = () => {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30, shell: false });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (check && !check(result))
      throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
    return ms;
  };
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

export function result(name, rollgateMs, baseline, baselineMs, goal, higherIsBetter = true, notes = '') {
  // ratio > 1 means rollgate is faster (baseline time / rollgate time), for time goals.
  const ratio = baselineMs === null ? null : baselineMs / rollgateMs;
  const met = goal.check(ratio, rollgateMs);
  return {
    name,
    rollgate_ms: Math.round(rollgateMs * 10) / 10,
    baseline,
    baseline_ms: baselineMs === null ? null : Math.round(baselineMs * 10) / 10,
    ratio: ratio === null ? null : Math.round(ratio * 100) / 100,
    goal: goal.text,
    met,
    notes,
    higherIsBetter,
  };
}
