// The demo end to end: `node dist/cli.js demo --dir <fresh temp dir>` (the whole pipeline on the
// embedded default: a good release promoted through staging and production, a bad one rolled
// back), median of 3 after a warm-up (1 below scale 1), each run in a new directory; and its peak
// memory. Goal ≤ 5 s. There is no baseline tool for this.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, median, out, peakMemoryMiB, timeOnce } from './lib.mjs';

const GOAL_MS = 5000;

export default async function run({ scale }) {
  const runs = scale < 1 ? 1 : 3;
  const once = () => {
    const dir = mkdtempSync(join(out, 'demo-'));
    try {
      return timeOnce(process.execPath, [cli, 'demo', '--dir', dir], {
        check: (r) => r.status === 0 && r.stdout.includes('rollgate demo: done'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  once();
  const ms = median(Array.from({ length: runs }, once));
  const dir = mkdtempSync(join(out, 'demo-'));
  const mib = peakMemoryMiB([cli, 'demo', '--dir', dir]);
  rmSync(dir, { recursive: true, force: true });
  if (!Number.isFinite(mib)) throw new Error('GNU time gave no peak memory for the demo');
  return {
    name: 'demo end to end (rollgate demo)',
    rollgate_ms: Math.round(ms),
    baseline: null,
    baseline_ms: null,
    ratio: null,
    goal: '≤ 5 s',
    met: ms <= GOAL_MS,
    notes:
      `node dist/cli.js demo --dir <new temp dir>, median of ${runs} after a warm-up; ` +
      `peak memory ${Math.round(mib)} MiB (GNU time, one more run)`,
  };
}
