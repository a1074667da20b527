// `npm run bench`: every benchmark side by side in one run, written as a Markdown table (the
// README's) and as JSON in bench/out/results.json. BENCH_SCALE=0.05 for a quick check.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodeRuntimes, out, recordNode, scale } from './lib.mjs';

const modules = [
  'sha256-dir',
  'cas-writes',
  'gc-objects',
  'bundle-import',
  'lock-verify',
  'synthetic-lock',
  'cold-start',
  'dist-size',
  'demo',
];
recordNode(process.execPath, 'the bench, its in-process rows and its CLI runs');
const only = process.env.BENCH_ONLY?.split(',').map((m) => m.trim());
const unknown = only?.filter((m) => !modules.includes(m)) ?? [];
if (unknown.length > 0)
  throw new Error(`BENCH_ONLY names no benchmark ${unknown.join(', ')}: one of ${modules.join(', ')}`);
const rows = [];
for (const name of modules.filter((m) => !only || only.includes(m))) {
  process.stderr.write(`bench: ${name}…\n`);
  const { default: run } = await import(`./${name}.mjs`);
  rows.push(...[await run({ scale })].flat());
}
const version = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
};
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memory_gib: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  node_runtimes: [...nodeRuntimes].map(([version, used_for]) => ({ version, used_for })),
  sha256sum: version('sha256sum', ['--version']),
  git: version('git', ['--version']),
  scale,
};
writeFileSync(resolve(out, 'results.json'), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
const cell = (v) => (v === null || v === undefined ? '–' : String(v));
const lines = [
  '| benchmark | rollgate | baseline | baseline time | ratio | goal | met |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.rollgate_text ?? `${cell(r.rollgate_ms)} ms`} | ${cell(r.baseline)} | ${r.baseline_ms === null ? '–' : `${r.baseline_ms} ms`} | ${r.ratio === null ? '–' : `${r.ratio}×`} | ${r.goal} | ${r.met ? 'yes' : 'no'} |`,
  ),
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB; Node ${machine.node_runtimes.map((n) => `${n.version} (${n.used_for.join(', ')})`).join(', ')}; ${machine.sha256sum}; ${machine.git}; scale ${scale}.`,
  ...rows.filter((r) => r.notes).map((r) => `- ${r.name}: ${r.notes}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
