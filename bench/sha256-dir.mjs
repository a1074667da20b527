// SHA-256 of a directory of mixed file sizes (1 GiB at scale 1): rollgate's streamed
// digestFile, files hashed in parallel, side by side with sha256sum run in parallel by xargs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { median, out, result, root, scale } from './lib.mjs';

function makeData(dir, totalBytes) {
  if (existsSync(join(dir, 'DONE'))) return;
  mkdirSync(dir, { recursive: true });
  // A seeded xorshift keeps the data the same on every run without storing it.
  let x = 0x9e3779b9;
  const fill = (buf) => {
    for (let i = 0; i < buf.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf.writeUInt32LE(x >>> 0, i);
    }
    return buf;
  };
  const sizes = [];
  let left = totalBytes;
  const plan = [
    [0.15, 4 << 10, 64 << 10],
    [0.35, 1 << 20, 16 << 20],
    [0.5, 64 << 20, 256 << 20],
  ];
  for (const [share, min, max] of plan) {
    let budget = Math.floor(totalBytes * share);
    while (budget > min && left > 0) {
      const size = Math.min(budget, min + ((x >>> 0) % (max - min)), left);
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      sizes.push(size);
      budget -= size;
      left -= size;
    }
  }
  sizes.forEach((size, i) =>
    writeFileSync(
      join(dir, `f${String(i).padStart(5, '0')}.bin`),
      fill(Buffer.alloc(Math.ceil(size / 4) * 4)).subarray(0, size),
    ),
  );
  writeFileSync(join(dir, 'DONE'), '');
}

export default async function run() {
  const dir = resolve(out, `data/sha256-${scale}`);
  makeData(dir, Math.floor((1 << 30) * scale));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .sort()
    .map((f) => join(dir, f));
  const bytes = files.reduce(
    (n, f) => n + (Number(spawnSync('stat', ['-c', '%s', f], { encoding: 'utf8' }).stdout) || 0),
    0,
  );
  const { digestFile, formatDigest } = await import(resolve(root, 'dist/core.js'));
  const width = availableParallelism();
  const rollgate = async () => {
    const digests = new Array(files.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < files.length) {
          const i = next++;
          digests[i] = formatDigest((await digestFile(files[i])).digest).slice(7);
        }
      }),
    );
    return digests;
  };
  const sha256sum = () => {
    const r = spawnSync('sh', ['-c', `ls ${dir}/*.bin | xargs -P ${width} -n 8 sha256sum`], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const map = new Map(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(66), l.slice(0, 64)]),
    );
    return files.map((f) => map.get(f));
  };
  // Warm the page cache, and check both agree on every file.
  const ours = await rollgate();
  const theirs = sha256sum();
  if (ours.some((d, i) => d !== theirs[i])) throw new Error('rollgate and sha256sum disagree on a digest');
  const timeAsync = async (fn) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const oursMs = median([await timeAsync(rollgate), await timeAsync(rollgate), await timeAsync(rollgate)]);
  const theirsMs = median([await timeAsync(sha256sum), await timeAsync(sha256sum), await timeAsync(sha256sum)]);
  const mbps = (ms) => Math.round(bytes / 1048576 / (ms / 1000));
  return result(
    `SHA-256 of ${files.length} files, ${Math.round(bytes / 1048576)} MiB`,
    oursMs,
    `sha256sum (xargs -P ${width})`,
    theirsMs,
    { text: '≥ 0.9×', check: (r) => r >= 0.9 },
    true,
    `${mbps(oursMs)} vs ${mbps(theirsMs)} MiB/s`,
  );
}
