// lock-verify on synthetic package-lock.json files of 1k, 10k and 100k entries (scaled): time
// and peak memory, to show how they grow. Goal: linear, ≤ 2 s and ≤ 512 MB at 100k.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { out, peakMemoryMiB, timeCommand } from './lib.mjs';
import { rollgateArgs } from './lock-verify.mjs';

function synthetic(n) {
  const packages = { '': { name: 'synthetic', version: '1.0.0', dependencies: { p0: '1.0.0' } } };
  for (let i = 0; i < n; i++) {
    const integrity = `sha512-${Buffer.alloc(64, i % 251).toString('base64')}`;
    packages[`node_modules/p${i}`] = {
      version: '1.0.0',
      resolved: `https://registry.npmjs.org/p${i}/-/p${i}-1.0.0.tgz`,
      integrity,
      ...(i + 1 < n ? { dependencies: { [`p${i + 1}`]: '1.0.0' } } : {}),
    };
  }
  return JSON.stringify({ name: 'synthetic', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2);
}

export default async function run({ scale }) {
  const sizes = [1_000, 10_000, 100_000].map((n) => Math.max(100 * (n / 1_000), Math.floor(n * scale)));
  const rows = [];
  for (const n of sizes) {
    const dir = mkdtempSync(join(out, 'synthetic-'));
    writeFileSync(join(dir, 'package-lock.json'), synthetic(n));
    const args = rollgateArgs(dir);
    const ms = timeCommand(process.execPath, args, { cwd: dir, runs: 3, check: (r) => r.status === 0 });
    const mib = peakMemoryMiB(args, { cwd: dir });
    rows.push({ entries: n, ms: Math.round(ms), peak_mib: Math.round(mib) });
    rmSync(dir, { recursive: true, force: true });
  }
  const largest = rows[rows.length - 1];
  // Marginal cost per entry (startup cancels out): between the two largest sizes over between
  // the two smallest. 1.00 is linear; above it, each entry costs more as the lock grows.
  const slope = (a, b) => (b.ms - a.ms) / (b.entries - a.entries);
  const growth = slope(rows[1], rows[2]) / slope(rows[0], rows[1]);
  return {
    name: `lock-verify on synthetic package-lock.json: ${rows.map((r) => `${r.entries}: ${r.ms} ms / ${r.peak_mib} MiB`).join('; ')}`,
    rollgate_ms: largest.ms,
    baseline: null,
    baseline_ms: null,
    ratio: null,
    goal: 'linear, ≤ 2 s and ≤ 512 MB at 100k',
    met: largest.ms <= 2000 && largest.peak_mib <= 512 && growth <= 1.5,
    notes: `time per added entry from ${rows[1].entries} to ${largest.entries} is ${growth.toFixed(2)}× that from ${rows[0].entries} to ${rows[1].entries} (1.00 = linear)`,
  };
}
