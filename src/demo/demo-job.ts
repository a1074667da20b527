// `rollgate demo`: the whole pipeline on the embedded default, locally, with no GitHub and no
// network: demo keys it generates, a good release (lock-verify → package → preflight → five
// cohorts → gate → promote, in staging then production) and a bad release that breaches at a
// cohort in staging and is rolled back to the good one. Every job summary is written as
// Markdown next to the state store, so a newcomer reads what a reviewer would.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { formatDigest, sha256 } from '../core/digest.js';
import { generateKeyPair, keyIdOf, publicKeyOf } from '../core/ed25519.js';
import { RollgateError } from '../core/errors.js';
import type { HostEnvironment } from '../core/host.js';
import { SECONDS_PER_DAY } from '../core/utc-time.js';
import { canaryStageSummary, gateSummary } from '../summaries/rollout-summary.js';
import { lockVerifySummary } from '../summaries/lock-verify-summary.js';
import { promoteSummary } from '../summaries/promote-summary.js';
import { rollbackSummary } from '../summaries/rollback-summary.js';
import {
  demoConfig,
  DEMO_UV_LOCK,
  ERRORING_METRICS,
  ERRORING_TRAFFIC,
  HEALTHY_METRICS,
  HEALTHY_TRAFFIC,
} from './demo-assets.js';
import type { DemoExporter } from './demo-exporter.js';
import type { PrometheusServer } from '../providers/local-prometheus.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { writeKeyPair } from '../store/key-files.js';
import { trustStoreWithKey, writeTrustStore } from '../store/trust-store-file.js';
import { canaryStageJob } from '../jobs/canary-stage-job.js';
import { gateJob } from '../jobs/gate-job.js';
import { lockVerifyJob } from '../jobs/lock-verify-job.js';
import { packageJob } from '../jobs/package-job.js';
import { preflightJob } from '../jobs/preflight-job.js';
import { promoteJob } from '../jobs/promote-job.js';
import { rollbackJob } from '../jobs/rollback-job.js';

const MARKER = '.rollgate-demo';
const CONFIG = '.github/rollgate.yml';
const STATE_DIR = '.rollgate';

export interface DemoOptions {
  readonly dir: string;
  /** Take the metrics from a local Prometheus scraping the demo's synthetic service. */
  readonly prometheus?: boolean;
  /** Waits the dwell (real time with Prometheus). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The demo key; a fresh one by default (golden tests fix it). */
  readonly privateKey?: Uint8Array;
  /** Epoch seconds. */
  readonly now: () => number;
  readonly progress: (line: string) => void;
  /** The machine the demo runs on, passed to every job. */
  readonly host: HostEnvironment;
}

export interface DemoResult {
  readonly dir: string;
  readonly good_release: string;
  readonly bad_release: string;
  readonly summaries: readonly string[];
  readonly certificates: readonly string[];
  /** The last state of each run: the good release's promotion, the bad one's rollback. */
  readonly good_state: string;
  readonly bad_state: string;
}

/** A fresh demo directory: empty, or one an earlier demo made (its marker says so). */
async function prepare(dir: string): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await readdir(dir);
  } catch {
    // absent: created below
  }
  if (entries.length > 0 && !entries.includes(MARKER))
    throw new RollgateError(
      'FILE_EXISTS',
      `${dir} is not empty and not an earlier demo: give --dir an empty or new directory`,
    );
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, MARKER), 'made by rollgate demo; the next demo run replaces this directory\n');
}

export async function demoJob(options: DemoOptions): Promise<DemoResult> {
  if (!options.prometheus) return runDemo(options, undefined);
  const { startDemoExporter } = await import('./demo-exporter.js');
  const { startPrometheus } = await import('../providers/local-prometheus.js');
  const exporter = await startDemoExporter(HEALTHY_TRAFFIC);
  let prometheus: PrometheusServer | undefined;
  try {
    prometheus = await startPrometheus([exporter.url]);
    options.progress(`rollgate demo: Prometheus at ${prometheus.url} scraping the demo service at ${exporter.url}`);
    await waitForScrape(prometheus.url);
    return await runDemo(options, { exporter, url: prometheus.url });
  } finally {
    await prometheus?.stop();
    await exporter.stop();
  }
}

/** One query to the demo's own Prometheus on localhost answers in milliseconds; past this it is hung. */
export const DEMO_QUERY_TIMEOUT_MS = 2_000;
/** Prometheus scrapes every second or so (local-prometheus.ts): two scrapes come well inside this. */
export const DEMO_SCRAPE_WAIT_MS = 30_000;
const DEMO_POLL_MS = 100;

/**
 * Until Prometheus has scraped the service twice, so rates over the window exist. Every query
 * has its own timeout and the whole wait a deadline; past it is METRICS_PROVIDER_FAILED.
 */
export async function waitForScrape(
  url: string,
  limits: { readonly waitMs: number; readonly queryTimeoutMs: number } = {
    waitMs: DEMO_SCRAPE_WAIT_MS,
    queryTimeoutMs: DEMO_QUERY_TIMEOUT_MS,
  },
): Promise<void> {
  const query = `${url}/api/v1/query?query=${encodeURIComponent('count_over_time(up[1m])')}`;
  const deadline = Date.now() + limits.waitMs;
  let last = 'no scrape yet';
  do {
    try {
      const response = await fetch(query, { signal: AbortSignal.timeout(limits.queryTimeoutMs) });
      const body = (await response.json()) as { data?: { result?: Array<{ value?: [number, string] }> } };
      const scrapes = Number(body.data?.result?.[0]?.value?.[1] ?? 0);
      if (scrapes >= 2) return;
      last = `${scrapes} scrapes so far`;
    } catch (error) {
      last =
        error instanceof Error && error.name === 'TimeoutError'
          ? `a query got no answer within ${limits.queryTimeoutMs} ms`
          : `not answering yet (${error instanceof Error ? error.message : String(error)})`;
    }
    await new Promise((done) => setTimeout(done, DEMO_POLL_MS));
  } while (Date.now() < deadline);
  throw new RollgateError(
    'METRICS_PROVIDER_FAILED',
    `Prometheus at ${url} did not scrape the demo service twice within ${limits.waitMs} ms (${last}): check that nothing else holds its port and run the demo again, or run it without --with-prometheus`,
    { diagnostics: { url, wait_ms: limits.waitMs, query_timeout_ms: limits.queryTimeoutMs } },
  );
}

async function runDemo(
  options: DemoOptions,
  live: { readonly exporter: DemoExporter; readonly url: string } | undefined,
): Promise<DemoResult> {
  const ws = resolve(options.dir);
  await prepare(ws);
  const write = (path: string, text: string) => writeFileAtomic(join(ws, path), text);
  await write('uv.lock', DEMO_UV_LOCK);
  await write('build/v1/service.bin', 'demo service, version 1\n');
  await write('build/v2/service.bin', 'demo service, version 2 (with a bug)\n');
  const summaries: string[] = [];
  const summary = async (name: string, markdown: string) => {
    const path = join(ws, 'summaries', `${String(summaries.length + 1).padStart(2, '0')}-${name}.md`);
    await write(relative(ws, path), markdown);
    summaries.push(path);
  };
  const step = (text: string) => options.progress(`rollgate demo: ${text}`);

  // Demo keys: one key, allowed to sign releases and certificates, valid for 30 days from now.
  const pair = options.privateKey
    ? { privateKey: options.privateKey, publicKey: publicKeyOf(options.privateKey) }
    : generateKeyPair();
  const now = options.now();
  const keys = await writeKeyPair(join(ws, 'keys'), pair.privateKey);
  await writeTrustStore(
    join(ws, 'trust.json'),
    await trustStoreWithKey(join(ws, 'trust.json'), {
      key_id: keyIdOf(pair.publicKey),
      public_key: pair.publicKey,
      roles: ['release', 'certificate'],
      not_before: now - 60,
      not_after: now + 30 * SECONDS_PER_DAY,
      rotation_max_age_days: 90,
    }),
  );
  step(`generated demo key ${keys.key_id} (release and certificate roles) in keys/ and trust.json`);
  await write(CONFIG, demoConfig(formatDigest(sha256(await readFile(join(ws, 'trust.json')))), live?.url));

  // What each stage of an environment measures: files for the command source, and the synthetic
  // service's traffic profile when Prometheus is the source.
  const plan = new Map<string, ReadonlyArray<Record<string, number>>>();
  const metrics = async (environment: string, perStage: ReadonlyArray<Record<string, number>>) => {
    plan.set(environment, perStage);
    for (const [i, m] of perStage.entries()) await write(`metrics/${environment}-stage-${i}.json`, JSON.stringify(m));
  };
  const measure = (environment: string, stage: number) =>
    live?.exporter.set(plan.get(environment)?.[stage] === ERRORING_METRICS ? ERRORING_TRAFFIC : HEALTHY_TRAFFIC);
  const sleep = options.sleep ?? (() => Promise.resolve());
  const common = { workspace: ws, stateDir: STATE_DIR, configPath: CONFIG, host: options.host };

  async function release(version: string, runId: string) {
    const lock = await lockVerifyJob({
      workspace: ws,
      lockfiles: ['uv.lock'],
      mode: 'enforce',
      stateDir: STATE_DIR,
      runId,
      toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'uv 0.5.1' },
      host: options.host,
    });
    await summary(`${version}-lock-verify`, lockVerifySummary(lock.report, formatDigest(lock.head_hash)));
    step(
      `${version}: lock-verify ${lock.report.lock_verdict} (${lock.report.packages_total} packages, SBOM ${relative(ws, lock.sbom_path)})`,
    );
    const pkg = await packageJob({
      workspace: ws,
      outputDir: `releases/${version}`,
      releaseId: version,
      sourceCommit: '',
      files: [`build/${version.startsWith('v1') ? 'v1' : 'v2'}/service.bin`],
      images: [],
      configPath: CONFIG,
      checkpoint: null,
      stateDir: STATE_DIR,
      parent: lock.head_hash,
      key: { file: keys.private_key_path },
      env: {},
    });
    step(`${version}: packaged and signed, release ${formatDigest(pkg.document.release_hash)}`);
    return { head: pkg.head_hash, release: pkg.document.release_hash, path: `releases/${version}/release.json` };
  }

  async function rollout(version: string, environment: string, from: Uint8Array, releasePath: string) {
    const pf = await preflightJob({
      ...common,
      releasePath,
      artifactDir: '.',
      environment,
      parent: from,
      at: options.now(),
    });
    step(`${version}: preflight ${environment} ${pf.report.verdict}`);
    if (pf.report.verdict !== 'pass')
      throw new RollgateError('INTERNAL_ERROR', `demo preflight failed: ${JSON.stringify(pf.report.checks)}`);
    let head = pf.head_hash;
    for (let i = 0; i < 5; i++) {
      measure(environment, i);
      const stage = await canaryStageJob({
        ...common,
        parent: head,
        environment,
        shard: 'default',
        now: options.now,
        sleep,
        log: () => undefined,
      });
      head = stage.head_hash;
      await summary(`${version}-${environment}-stage-${i}`, canaryStageSummary(stage));
      const rate = stage.gate_report.gates.find((g) => g.gate === 'error_rate')?.reason ?? '';
      step(
        `${version}: ${environment} cohort ${stage.report.cohort_percent}% ${stage.report.verdict} (error_rate ${rate})`,
      );
      if (stage.report.verdict === 'fail') return { head, failed: true };
    }
    const gate = await gateJob({ ...common, state: head, shards: [], environment });
    await summary(`${version}-${environment}-gate`, gateSummary(gate));
    step(`${version}: gate ${environment} ${gate.report.verdict}`);
    return { head: gate.head_hash, failed: gate.report.verdict !== 'pass' };
  }

  const certificates: string[] = [];
  const good = await release('v1.0.0', 'demo-good');
  let head = good.head;
  for (const environment of ['staging', 'production']) {
    await metrics(environment, [HEALTHY_METRICS, HEALTHY_METRICS, HEALTHY_METRICS, HEALTHY_METRICS, HEALTHY_METRICS]);
    const rolled = await rollout('v1.0.0', environment, head, good.path);
    const promoted = await promoteJob({
      ...common,
      state: rolled.head,
      environment,
      key: { file: keys.private_key_path },
      env: {},
      tenantId: 'demo/service',
      outputDir: 'certificates',
      now: options.now(),
    });
    await summary(`v1.0.0-${environment}-promote`, promoteSummary(promoted));
    certificates.push(promoted.certificate_path);
    step(
      `v1.0.0: promoted to ${environment}, certificate ${formatDigest(promoted.certificate_hash)}${promoted.commit ? ' (run committed)' : ''}`,
    );
    head = promoted.head_hash;
  }

  const bad = await release('v1.1.0', 'demo-bad');
  await metrics('staging', [HEALTHY_METRICS, HEALTHY_METRICS, ERRORING_METRICS, HEALTHY_METRICS, HEALTHY_METRICS]);
  const failed = await rollout('v1.1.0', 'staging', bad.head, bad.path);
  if (!failed.failed) throw new RollgateError('INTERNAL_ERROR', 'the demo bad release was expected to breach');
  // The good release's metrics after the rollback.
  await metrics('staging', [HEALTHY_METRICS]);
  measure('staging', 0);
  const rolledBack = await rollbackJob({
    ...common,
    environment: 'staging',
    state: failed.head,
    reason: 'gate_breach at cohort 25%',
    now: options.now,
    sleep,
  });
  await summary('v1.1.0-staging-rollback', rollbackSummary(rolledBack));
  step(
    `v1.1.0: rolled back staging to ${rolledBack.report.restored_release_hash}: ${rolledBack.report.verdict}, health ${rolledBack.report.health_verdict}`,
  );
  return {
    dir: ws,
    good_release: formatDigest(good.release),
    bad_release: formatDigest(bad.release),
    summaries,
    certificates,
    good_state: formatDigest(head),
    bad_state: formatDigest(rolledBack.head_hash ?? failed.head),
  };
}
