// `rollgate demo --with-prometheus`, in process: the same pipeline judged from a real local
// Prometheus (Debian's package) scraping the demo's synthetic service, whose canary the demo
// turns erroring for the bad release's 25 % stage; each stage dwells in real time.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoJob } from '../../src/demo/demo-job.js';
import { testHost } from '../helpers/host.js';

describe('demo with Prometheus', () => {
  it('promotes the good release and rolls back the one whose canary errors, from live metrics', async () => {
    const lines: string[] = [];
    const dir = join(mkdtempSync(join(tmpdir(), 'rollgate-demo-prom-')), 'demo');
    const result = await demoJob({
      dir,
      now: () => Math.floor(Date.now() / 1000),
      prometheus: true,
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      progress: (line) => void lines.push(line),
      host: testHost(),
    });
    expect(lines[0]).toMatch(/^rollgate demo: Prometheus at http:\/\/127\.0\.0\.1:\d+ scraping the demo service/);
    expect(lines.filter((l) => / (staging|production) cohort \d+% pass /.test(l))).toHaveLength(12);
    expect(lines).toContainEqual(
      expect.stringMatching(/v1\.1\.0: staging cohort 25% fail \(error_rate 0\.01\d+ > 0\.005\)/),
    );
    expect(lines.at(-1)).toMatch(/rolled back staging to sha256:[0-9a-f]{64}: restored, health pass$/);
    expect(readFileSync(join(dir, 'deployed-release.txt'), 'utf8')).toBe(`${result.good_release}\n`);
    // The snapshots name Prometheus as their source, with the window substituted.
    const summary = readFileSync(
      result.summaries.find((p) => p.includes('v1.1.0-staging-stage-2'))!,
      'utf8',
    );
    expect(summary).toContain('| prometheus: http://127.0.0.1:');
    expect(summary).toContain('http_requests_total{track="canary",code="500"}[3s]');
  }, 180_000);
});
