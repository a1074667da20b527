// State bundle import at 30k, 60k and 120k evidence entries (scaled): a run of two heads, the
// first carrying every evidence object (each its own bytes) and the second one more, so each
// head lists them all. The source run is built in memory and exported once; each import goes
// into an empty store (the median of 3). The store is on tmpfs (/dev/shm) where there is one, so
// the row measures the import's own work: on disk each object adds its fsyncs (the CAS row
// measures those), which on a shared disk swamp the growth this row is here to show.
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, median, out } from './lib.mjs';

const ms = (started) => Number(process.hrtime.bigint() - started) / 1e6;
const grouped = (n) => n.toLocaleString('en-US');

function tmpfs() {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return undefined;
  }
}

export default async function run({ scale, runs = 3 }) {
  const sizes = [30_000, 60_000, 120_000].map((n) => Math.max(n / 30, Math.floor(n * scale)));
  const { syntheticRun, exportBundle, importBundle, ObjectStore } = await bundle('bench/bundle-entry.ts', 'bundle');
  const base = tmpfs();
  const rows = [];
  for (const entries of sizes) {
    const dir = mkdtempSync(join(base ?? out, 'rollgate-bench-bundle-'));
    try {
      const { store, head } = await syntheticRun(join(dir, 'source'), entries);
      let started = process.hrtime.bigint();
      const summary = await exportBundle(store, head, join(dir, 'state.tar'));
      const exportMs = ms(started);
      const times = [];
      for (let i = 0; i < runs; i++) {
        const target = join(dir, `target-${i}`);
        started = process.hrtime.bigint();
        const imported = await importBundle(new ObjectStore(target), join(dir, 'state.tar'));
        times.push(ms(started));
        if (imported.objects !== summary.objects) throw new Error(`imported ${imported.objects} of ${summary.objects}`);
        rmSync(target, { recursive: true, force: true });
      }
      rows.push({
        entries,
        objects: summary.objects,
        bytes: summary.bytes,
        import_ms: median(times),
        export_ms: exportMs,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const perEntry = (r) => (r.import_ms * 1000) / r.entries;
  // Time per entry at the largest size over that at the smallest (4× the entries): 1.00 is
  // linear, 4.00 quadratic. Before the fix it was 9.2 with the store on disk (684 s at 120k) and
  // 3.2 on tmpfs; a ratio of marginal slopes proved too sensitive to a busy machine's noise.
  const growth = perEntry(rows[rows.length - 1]) / perEntry(rows[0]);
  const largest = rows[rows.length - 1];
  return {
    name: `bundle import, 2 heads × ${rows.map((r) => grouped(r.entries)).join(' / ')} evidence entries`,
    rollgate_ms: Math.round(largest.import_ms),
    rollgate_text: `${rows.map((r) => grouped(Math.round(r.import_ms))).join(' / ')} ms; ${rows.map((r) => perEntry(r).toFixed(0)).join(' / ')} µs per entry`,
    baseline: null,
    baseline_ms: null,
    ratio: null,
    goal: 'linear (growth ≤ 1.5×)',
    met: growth <= 1.5,
    notes: `growth ${growth.toFixed(2)}× (time per entry at ${grouped(largest.entries)} over that at ${grouped(rows[0].entries)}; 1.00 = linear, ${(largest.entries / rows[0].entries).toFixed(2)} = quadratic); export ${rows.map((r) => grouped(Math.round(r.export_ms))).join(' / ')} ms; bundles of ${rows.map((r) => `${(r.bytes / 2 ** 20).toFixed(1)} MiB`).join(' / ')}; the store ${base ? `on tmpfs (${base}): no disk in the timing` : 'on disk (no tmpfs here): each object fsynced'}`,
    sizes: rows.map((r) => ({ ...r, import_ms: Math.round(r.import_ms), export_ms: Math.round(r.export_ms) })),
  };
}
