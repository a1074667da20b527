// GC over 100,000 objects (scaled): a store where most objects are old and unreachable and a
// certified run keeps a few. There is no baseline tool for this; the row reports objects/s.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { bundle, out, scale } from './lib.mjs';

export default async function run() {
  const count = Math.max(1000, Math.floor(100_000 * scale));
  const dir = mkdtempSync(join(out, 'gc-'));
  const objects = join(dir, 'objects', 'sha256');
  const old = Date.now() / 1000 - 400 * 86_400;
  // Setup writes the files directly (no fsync): only the collection is measured.
  for (let i = 0; i < count; i++) {
    const bytes = Buffer.from(`stray object ${i}`);
    const hex = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(objects, hex.slice(0, 2)), { recursive: true });
    const path = join(objects, hex.slice(0, 2), hex.slice(2));
    writeFileSync(path, bytes);
    utimesSync(path, old, old);
  }
  const { ObjectStore, collectGarbage } = await bundle('bench/gc-entry.ts', 'gc');
  const store = new ObjectStore(dir);
  const started = process.hrtime.bigint();
  const report = await collectGarbage(
    store,
    { golden: null, certified_release: null, experimental: 30, ephemeral: 1 },
    Math.floor(Date.now() / 1000),
    false,
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  if (report.swept.length !== count) throw new Error(`gc swept ${report.swept.length} of ${count}`);
  return {
    name: `GC sweeping ${count} unreachable objects`,
    rollgate_ms: Math.round(ms),
    baseline: null,
    baseline_ms: null,
    ratio: null,
    goal: 'report',
    met: true,
    notes: `${Math.round(count / (ms / 1000))} objects/s, each deletion appended to the hash-chained log`,
  };
}
