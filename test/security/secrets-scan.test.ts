// DESIGN 9: secrets never leak. The whole pipeline runs over the built actions (as
// test/actions/pipeline-e2e-dist.test.ts does: a fresh checkout per job, the state between jobs
// only through its output and a directory artifact store, GitHub a fake) with a signing key, a
// certificate key and a GitHub token as secret inputs. Then every byte the run produced is
// scanned for each secret in every encoding a careless log or file could hold it: stdout,
// stderr, outputs, summaries, every file of every job's workspace and temp directories, and
// every bundle in the artifact store, both as raw tar bytes and as the objects inside. The only
// place a secret may appear is the `::add-mask::` command that registers it with the runner.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateKeyToPem, toHex } from '../../src/core/index.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { freshCheckoutJobs, pipelineRepo } from '../actions/fresh-checkout-jobs.js';

/** Fixed but random-looking keys: a repeated byte could hide behind a coincidental match. */
const seed = (label: string) => new Uint8Array(createHash('sha256').update(label).digest());
const SIGNING_KEY = seed('rollgate secrets-scan signing key');
const CERT_KEY = seed('rollgate secrets-scan certificate key');
const SIGNING_PEM = privateKeyToPem(SIGNING_KEY);
const CERT_PEM = privateKeyToPem(CERT_KEY);
const TOKEN = 'ghs_SecretsScanToken7fQ2xLm9Vd4Kp8Rz3Nw6';
const REPO = pipelineRepo(
  ['staging'],
  [
    { key: SIGNING_KEY, roles: ['release'] },
    { key: CERT_KEY, roles: ['certificate'] },
  ],
);

interface Needle {
  readonly what: string;
  readonly bytes: Buffer;
}

/**
 * Base64 of `data` at each of the three byte alignments it could sit at inside a longer
 * encoded value, keeping only the characters that depend on `data` alone.
 */
function base64Forms(data: Buffer, url: boolean): string[] {
  return [0, 1, 2].map((shift) => {
    const text = Buffer.concat([Buffer.alloc(shift), data, Buffer.alloc(3)]).toString(url ? 'base64url' : 'base64');
    return text.slice(4, -8);
  });
}

function keyNeedles(name: string, key: Uint8Array, pem: string): Needle[] {
  const raw = Buffer.from(key);
  const hex = raw.toString('hex');
  const body = pem.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('-----'));
  return [
    { what: `${name} raw bytes`, bytes: raw },
    { what: `${name} hex`, bytes: Buffer.from(hex) },
    { what: `${name} HEX`, bytes: Buffer.from(hex.toUpperCase()) },
    ...base64Forms(raw, false).map((b) => ({ what: `${name} base64`, bytes: Buffer.from(b) })),
    ...base64Forms(raw, true).map((b) => ({ what: `${name} base64url`, bytes: Buffer.from(b) })),
    ...body.map((line, i) => ({ what: `${name} PEM body line ${i + 1}`, bytes: Buffer.from(line) })),
  ];
}

const NEEDLES: Needle[] = [
  ...keyNeedles('signing-key', SIGNING_KEY, SIGNING_PEM),
  ...keyNeedles('certificate-key', CERT_KEY, CERT_PEM),
  { what: 'github-token', bytes: Buffer.from(TOKEN) },
  ...base64Forms(Buffer.from(TOKEN), false).map((b) => ({ what: 'github-token base64', bytes: Buffer.from(b) })),
];

/** Every needle found in `bytes`. */
function leaks(bytes: Buffer): string[] {
  return NEEDLES.filter((n) => bytes.includes(n.bytes)).map((n) => n.what);
}

/** The files of a plain ustar archive (what the state bundles are): name → content. */
function untar(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (at + 512 <= bytes.length) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number) => header.subarray(from, to).toString('latin1').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const prefix = field(345, 500);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    files.set(name, bytes.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Unescapes a command message (the inverse of @actions/core escapeData). */
const unescapeData = (text: string) => text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

let github: FakeGitHub;
const { job, jobs, artifacts } = freshCheckoutJobs({
  repo: REPO,
  node: process.execPath,
  label: 'secrets',
  env: () => ({
    GITHUB_REPOSITORY: 'org/app',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_API_URL: github.url,
    GITHUB_RUN_ID: '1',
  }),
});

beforeAll(async () => {
  github = await startFakeGitHub({ owner: 'org', repo: 'app', token: TOKEN });
  const lock = await job('lock-verify', { lockfiles: 'uv.lock' });
  const pkg = await job('package', {
    'output-dir': 'out',
    'release-id': 'v1.0.0',
    artifacts: 'build/app.bin',
    'signing-key': SIGNING_PEM,
    state: lock.outputs.state!,
  });
  const pf = await job(
    'preflight',
    { manifest: 'out/release.json', 'trust-store': 'trust.json', environment: 'staging', state: pkg.outputs.state! },
    ['out'],
  );
  let state = pf.outputs.state!;
  for (let i = 0; i < 2; i++) state = (await job('canary-stage', { state, environment: 'staging' })).outputs.state!;
  const gate = await job('gate', { state, environment: 'staging' });
  const promote = await job('promote', {
    state: gate.outputs.state!,
    environment: 'staging',
    'certificate-key': CERT_PEM,
    'trust-store': 'trust.json',
    'github-token': TOKEN,
  });
  // A failing step with secrets in hand: its error paths must not leak either.
  await job('promote', {
    state: promote.outputs.state!,
    environment: 'nowhere',
    'certificate-key': CERT_PEM,
    'trust-store': 'trust.json',
    'github-token': TOKEN,
  });
  // A second release breaches its first stage; the rollback job restores the promoted one.
  const lock2 = await job('lock-verify', { lockfiles: 'uv.lock' });
  const pkg2 = await job('package', {
    'output-dir': 'out',
    'release-id': 'v2.0.0',
    artifacts: 'build/app.bin',
    'signing-key': SIGNING_PEM,
    state: lock2.outputs.state!,
  });
  const pf2 = await job(
    'preflight',
    { manifest: 'out/release.json', 'trust-store': 'trust.json', environment: 'staging', state: pkg2.outputs.state! },
    ['out'],
  );
  const breach = await job('canary-stage', {
    state: pf2.outputs.state!,
    environment: 'staging',
    'metrics-file': 'metrics/erroring.json',
  });
  await job('rollback', { environment: 'staging', state: breach.outputs.state!, 'github-token': TOKEN });
}, 180_000);
afterAll(async () => github.close());

describe('secrets across a whole pipeline run over the built actions', () => {
  it('runs the pipeline to a promotion with the secrets as inputs', () => {
    expect(jobs.map((j) => [j.action, j.run.status])).toEqual([
      ['lock-verify', 0],
      ['package', 0],
      ['preflight', 0],
      ['canary-stage', 0],
      ['canary-stage', 0],
      ['gate', 0],
      ['promote', 0],
      ['promote', 1],
      ['lock-verify', 0],
      ['package', 0],
      ['preflight', 0],
      ['canary-stage', 1],
      ['rollback', 0],
    ]);
    const promoted = jobs.find((j) => j.action === 'promote')!.run.outputs['release-hash'];
    expect(promoted).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(jobs.at(-1)!.run.outputs['restored-release-hash']).toBe(promoted);
    expect(jobs.filter((j) => j.run.stderr !== '').map((j) => j.action)).toEqual([]);
    expect(github.violations).toEqual([]);
    // The GitHub token really reached GitHub: the fake rejects any other.
    expect(github.checkRuns.length).toBeGreaterThan(0);
  });

  it('registers each secret, and each line of a PEM, with ::add-mask:: before anything else', () => {
    const secretsOf: Record<string, string[]> = {
      package: [SIGNING_PEM],
      promote: [CERT_PEM, TOKEN],
      rollback: [TOKEN],
    };
    for (const { action, run } of jobs) {
      const lines = run.stdout.split('\n');
      const masks = lines.filter((l) => l.startsWith('::add-mask::')).map((l) => unescapeData(l.slice(12)));
      const secrets = secretsOf[action] ?? [];
      const allowed = new Set(secrets.flatMap((s) => [s.trim(), ...s.trim().split('\n')]));
      // Each secret whole, and every line of it that the runner would otherwise miss.
      for (const value of allowed)
        if (value.trim().length > 3)
          expect({ action, masks }).toMatchObject({ masks: expect.arrayContaining([value]) as unknown });
      // Nothing but the secrets is ever registered.
      expect({ action, extra: masks.filter((m) => !allowed.has(m)) }).toEqual({ action, extra: [] });
      // The masks come first: no other line precedes them.
      const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'));
      expect({ action, late: lines.slice(firstOther).filter((l) => l.startsWith('::add-mask::')) }).toEqual({
        action,
        late: [],
      });
    }
  });

  it('no log, output or summary holds a secret in any encoding outside its ::add-mask:: line', () => {
    const found: Array<[string, string, string[]]> = [];
    for (const [i, { action, run }] of jobs.entries()) {
      const logged = run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      const places: Array<[string, string]> = [
        ['stdout', logged],
        ['stderr', run.stderr],
        ['summary', run.summary],
        ...Object.entries(run.outputs).map(([name, value]): [string, string] => [`output ${name}`, value]),
      ];
      for (const [where, text] of places) {
        const hit = leaks(Buffer.from(text, 'utf8'));
        if (hit.length > 0) found.push([`job ${i + 1} ${action}`, where, hit]);
      }
    }
    expect(found).toEqual([]);
  });

  it('no file any job wrote, in its workspace or its temp directory, holds a secret', () => {
    const found: Array<[string, string[]]> = [];
    let scanned = 0;
    const kinds = new Set<string>();
    for (const { ws, temp } of jobs) {
      for (const file of [...walk(ws), ...walk(temp)]) {
        scanned++;
        const rel = relative(dirname(ws), file);
        if (/release\.json$|sbom|state\.json$|runtime-events\.jsonl$|certificate|objects\/sha256/i.test(rel))
          kinds.add(rel.replace(/^[^/]+\//, '').replace(/objects\/sha256\/.*/, 'objects'));
        const hit = leaks(readFileSync(file));
        if (hit.length > 0) found.push([rel, hit]);
      }
    }
    expect(found).toEqual([]);
    // The scan really covered the evidence files, not an empty tree.
    expect(scanned).toBeGreaterThan(50);
    const all = [...kinds].join('\n');
    for (const kind of [/release\.json/, /sbom/i, /state\.json/, /runtime-events\.jsonl/, /\.rollgate\/objects/])
      expect(all).toMatch(kind);
  });

  it('no bundle in the artifact store holds a secret, as tar bytes or as the objects inside', () => {
    const bundles = walk(artifacts);
    expect(bundles.length).toBeGreaterThanOrEqual(jobs.length - 2);
    const found: Array<[string, string[]]> = [];
    let objects = 0;
    for (const file of bundles) {
      const bytes = readFileSync(file);
      const hit = leaks(bytes);
      if (hit.length > 0) found.push([relative(artifacts, file), hit]);
      for (const [name, content] of untar(bytes)) {
        objects++;
        const inner = leaks(content);
        if (inner.length > 0) found.push([`${relative(artifacts, file)}:${name}`, inner]);
      }
    }
    expect(found).toEqual([]);
    expect(objects).toBeGreaterThan(bundles.length);
  });

  it('the scanner finds each encoding when it is there (no vacuous pass)', () => {
    const planted = [
      Buffer.concat([Buffer.from('x'), Buffer.from(SIGNING_KEY), Buffer.from('y')]),
      Buffer.from(`k=${toHex(CERT_KEY)}`),
      Buffer.from(`k=${toHex(CERT_KEY).toUpperCase()}`),
      Buffer.from(`k=${Buffer.concat([Buffer.from('ab'), Buffer.from(SIGNING_KEY)]).toString('base64')}`),
      Buffer.from(`k=${Buffer.concat([Buffer.from('a'), Buffer.from(CERT_KEY)]).toString('base64url')}`),
      Buffer.from(SIGNING_PEM.split('\n')[1]!),
      Buffer.from(`Authorization: Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`),
      Buffer.from(`Bearer ${TOKEN}`),
    ];
    for (const bytes of planted) expect(leaks(bytes)).not.toEqual([]);
  });
});
