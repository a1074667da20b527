// `rollgate demo` through the built CLI on Node 20 and 24: the whole pipeline on the embedded
// default; then `status` shows both environments' history, `verify` passes on the store, and
// `replay` re-judges the good release's production rollout identically.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { runCliDist } from '../helpers/run-dist.js';

interface DemoOut {
  dir: string;
  good_release: string;
  bad_release: string;
  summaries: string[];
  certificates: string[];
}

describe.each(nodeRuntimes())('rollgate demo on $name', ({ path: node }) => {
  it('promotes the good release through staging and production and rolls the bad one back', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rollgate-demo-'));
    const cli = (args: string[]) => runCliDist(node, args, { cwd });
    const text = cli(['demo']);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('rollgate demo: v1.0.0: promoted to'))).toHaveLength(2);
    expect(lines).toContainEqual(
      expect.stringMatching(/^rollgate demo: v1\.1\.0: staging cohort 25% fail \(error_rate 0\.015 > 0\.005\)$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^rollgate demo: v1\.1\.0: rolled back staging to sha256:[0-9a-f]{64}: restored, health pass$/,
      ),
    );

    // A second run replaces the demo directory (its marker says it is one) and reports as JSON.
    const json = cli(['demo', '--json']);
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout) as DemoOut;
    expect(out.summaries.map((p) => p.split('/').at(-1))).toHaveLength(20);
    expect(readdirSync(join(out.dir, 'certificates')).sort()).toEqual([
      'certificate-production.cbor',
      'certificate-staging.cbor',
    ]);
    expect(readFileSync(join(out.dir, 'deployed-release.txt'), 'utf8')).toBe(`${out.good_release}\n`);

    const status = JSON.parse(cli(['status', '--state-dir', 'rollgate-demo/.rollgate', '--json']).stdout) as {
      health_state: string;
      environments: Record<
        string,
        { history: Array<{ status: string; release_hash: string }>; report: { incident_count: number } }
      >;
    };
    expect(status.health_state).toBe('healthy');
    expect(status.environments.production!.history.map((h) => h.status)).toEqual(['success']);
    expect(status.environments.staging!.history.map((h) => [h.status, h.release_hash])).toEqual([
      ['success', out.good_release],
      ['failed', out.bad_release],
      ['rolled_back', out.good_release],
    ]);
    expect(status.environments.staging!.report.incident_count).toBe(1);
    expect(cli(['verify', '--state-dir', 'rollgate-demo/.rollgate']).status).toBe(0);
    const trust = join(out.dir, 'trust.json');
    const verified = cli([
      'verify-certificate',
      join(out.dir, 'certificates/certificate-production.cbor'),
      '--trust-store',
      trust,
      '--json',
    ]);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      verdict: 'pass',
      environment: 'production',
      release_hash: out.good_release,
    });
  }, 180_000);

  it('refuses a directory that is not an earlier demo', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rollgate-demo-'));
    writeFileSync(join(cwd, 'precious.txt'), 'keep me');
    const run = runCliDist(node, ['demo', '--dir', '.'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('FILE_EXISTS');
    expect(readFileSync(join(cwd, 'precious.txt'), 'utf8')).toBe('keep me');
  }, 60_000);
});
