// Total size of dist/ as checked in (every file: the JavaScript, the type declarations under
// dist/types and the linked legal comments). Goal ≤ 3 MB, with MB = 10^6 bytes: 3,000,000
// bytes. The notes split it into what the actions and the CLI load: the JavaScript outside
// dist/types, what the action entries load before reading their inputs, what they can reach
// through import(), and the largest chunks.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { moduleGraph, root } from './lib.mjs';

const GOAL_BYTES = 3_000_000;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const kB = (bytes) => `${Math.round(bytes / 1000)} kB`;
const grouped = (n) => n.toLocaleString('en-US');

export default async function run() {
  const dist = resolve(root, 'dist');
  const all = files(dist).map((file) => ({ file, bytes: statSync(file).size }));
  const sum = (list) => list.reduce((n, f) => n + f.bytes, 0);
  const total = sum(all);
  const types = all.filter((f) => f.file.startsWith(join(dist, 'types') + '/'));
  const js = all.filter((f) => f.file.endsWith('.js') && !types.includes(f));
  const bytesOf = new Map(all.map((f) => [f.file, f.bytes]));
  const sizeOf = (list) => list.reduce((n, f) => n + (bytesOf.get(f) ?? 0), 0);
  const actionEntries = readdirSync(join(dist, 'actions'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dist, 'actions', f));
  const graphs = actionEntries.map((entry) => ({ entry, ...moduleGraph(entry) }));
  const union = (key) => [...new Set(graphs.flatMap((g) => g[key]))];
  const largestStart = graphs.reduce((a, b) => (sizeOf(b.loaded) > sizeOf(a.loaded) ? b : a));
  const largest = [...js].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  const notes =
    `MB = 10^6 bytes; ${grouped(total)} bytes in ${all.length} files: ${mb(sum(js))} of JavaScript, ` +
    `${kB(sum(types))} of declarations (dist/types), ${kB(total - sum(js) - sum(types))} of linked legal comments. ` +
    `The ${actionEntries.length} action entries reach ${mb(sizeOf(union('reachable')))} of it; at most ` +
    `${kB(sizeOf(largestStart.loaded))} loads before an action reads its inputs (${relative(dist, largestStart.entry)}). ` +
    `Largest chunks: ${largest.map((f) => `${relative(dist, f.file)} ${kB(f.bytes)} (${Math.round((100 * f.bytes) / total)} %)`).join(', ')}`;
  return {
    name: 'dist/ total size',
    rollgate_ms: null,
    rollgate_bytes: total,
    rollgate_text: `${mb(total)} (${grouped(total)} bytes)`,
    baseline: null,
    baseline_ms: null,
    ratio: null,
    goal: `≤ 3 MB (${grouped(GOAL_BYTES)} bytes)`,
    met: total <= GOAL_BYTES,
    notes,
  };
}
