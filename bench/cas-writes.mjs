// Writing 10,000 small objects (scaled) into the content-addressed store, each fsynced, side
// by side with `git hash-object -w --stdin-paths` on the same files in a fresh repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, median, out, result, scale } from './lib.mjs';

export default async function run() {
  const count = Math.max(100, Math.floor(10_000 * scale));
  const dir = join(out, `data/cas-${count}`);
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => join(dir, `o${i}`));
  files.forEach((f, i) => writeFileSync(f, `object ${i} `.repeat(1 + (i % 40))));
  const contents = files.map((f) => new Uint8Array(readFileSync(f)));
  const { ObjectStore } = await bundle('src/store/object-store.ts', 'object-store');
  const ours = [];
  const theirs = [];
  for (let round = 0; round < 3; round++) {
    const storeDir = mkdtempSync(join(out, 'cas-store-'));
    const t = process.hrtime.bigint();
    await new ObjectStore(storeDir).putMany(contents);
    ours.push(Number(process.hrtime.bigint() - t) / 1e6);
    rmSync(storeDir, { recursive: true, force: true });
    const repo = mkdtempSync(join(out, 'cas-git-'));
    spawnSync('git', ['init', '-q', repo]);
    const g = process.hrtime.bigint();
    const r = spawnSync('git', ['hash-object', '-w', '--stdin-paths'], {
      cwd: repo,
      input: files.join('\n'),
      encoding: 'utf8',
    });
    theirs.push(Number(process.hrtime.bigint() - g) / 1e6);
    if (r.stdout.trim().split('\n').length !== count) throw new Error('git hash-object wrote fewer objects');
    rmSync(repo, { recursive: true, force: true });
  }
  return result(
    `CAS: write ${count} small objects`,
    median(ours),
    'git hash-object -w --stdin-paths',
    median(theirs),
    { text: '≥ 1×', check: (r) => r >= 1 },
    true,
    'rollgate fsyncs every object and its directory; git does not fsync loose objects by default',
  );
}
