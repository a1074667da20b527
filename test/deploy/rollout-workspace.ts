// A workspace ready for canary stages, built from literals with the real jobs: a fixed signing
// key (so every hash is the same on every run), a packaged and signed release, and a preflight
// pass for `staging` committed to a state store. Metrics come from one JSON file per stage.
// The key's window and the preflight instant hang off one anchor: T0 for the tests that fix
// the clock (and the golden hashes), the wall clock for those that run the built actions.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { keyIdOf, privateKeyToPem, publicKeyOf, toHex, utf8 } from '../../src/core/index.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { canaryStageJob, type CanaryStageOptions } from '../../src/jobs/canary-stage-job.js';
import { gateJob } from '../../src/jobs/gate-job.js';
import { lockVerifyJob } from '../../src/jobs/lock-verify-job.js';
import { packageJob } from '../../src/jobs/package-job.js';
import { GOOD_UV_LOCK } from '../actions/fixtures.js';
import { preflightJob } from '../../src/jobs/preflight-job.js';
import { formatUtc } from '../../src/core/utc-time.js';
import { SECONDS_PER_DAY } from '../helpers/clock.js';
import { testHost } from '../helpers/host.js';

export const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z
/** The fixture key (release and certificate roles): fixed, so every hash is the same on every run. */
export const PRIVATE_KEY = new Uint8Array(32).fill(7);

export const HEALTHY = { requests: 10_000, errors: 10, p95_baseline_ms: 120, p95_canary_ms: 126 };
export const ERRORING = { requests: 10_000, errors: 90, p95_baseline_ms: 120, p95_canary_ms: 126 };

export const CONFIG = `rollout:
  dwell_seconds: 0
  metrics_window_seconds: 300
metrics:
  source: command
  command: cat metrics/stage-$ROLLGATE_STAGE_INDEX.json
  retries: 1
traffic_command: echo "shift $ROLLGATE_COHORT_PERCENT% of $ROLLGATE_RELEASE_HASH in $ROLLGATE_ENVIRONMENT (stage $ROLLGATE_STAGE_INDEX)"
`;

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Metrics files for stages 0.. in order. */
export function stageMetrics(...stages: ReadonlyArray<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(stages.map((m, i) => [`metrics/stage-${i}.json`, JSON.stringify(m)]));
}

export async function rolloutWorkspace(
  options: {
    config?: string;
    files?: Record<string, string>;
    stateDir?: string;
    /** The instant the key's window is built around and preflight runs at (epoch seconds). */
    at?: number;
    /**
     * false: no trust block is added to a config without one (a test that swaps trust stores;
     * its production environment then refuses to run). Default: trust.json pinned, revocations none.
     */
    pins?: boolean;
  } = {},
): Promise<{ ws: string; state: Uint8Array; releaseHash: Uint8Array }> {
  const at = options.at ?? T0;
  const ws = mkdtempSync(join(tmpdir(), 'rollgate-rollout-'));
  const publicKey = publicKeyOf(PRIVATE_KEY);
  const trustStore = JSON.stringify({
    trust_store_version: 'rollgate.trust-store/v1',
    keys: [
      {
        key_id: keyIdOf(publicKey),
        public_key: toHex(publicKey),
        roles: ['release', 'certificate'],
        not_before: formatUtc(at - 31 * SECONDS_PER_DAY),
        not_after: formatUtc(at + 365 * SECONDS_PER_DAY),
        rotation_max_age_days: 365,
      },
    ],
    thresholds: { release: 1, certificate: 1 },
  });
  const config = options.config ?? CONFIG;
  writeFiles(ws, {
    'build/app.bin': 'the app',
    'uv.lock': GOOD_UV_LOCK,
    // The production environment runs only with the trust store pinned and revocations said.
    '.github/rollgate.yml':
      options.pins === false || /^trust:/m.test(config)
        ? config
        : `${config}trust:\n  trust_store: trust.json\n  trust_store_hash: ${formatDigest(sha256(utf8(trustStore)))}\n  revocations: none\n`,
    'keys/release.pem': privateKeyToPem(PRIVATE_KEY),
    'trust.json': trustStore,
    ...options.files,
  });
  const stateDir = options.stateDir ?? '.rollgate';
  const lock = await lockVerifyJob({
    workspace: ws,
    lockfiles: ['uv.lock'],
    mode: 'enforce',
    stateDir,
    runId: 'rollout-test',
    toolchain: { python_version: '3.12.7', pip_version: '24.2', installer_version: 'uv 0.5.1' },
    host: testHost(),
  });
  const pkg = await packageJob({
    workspace: ws,
    outputDir: 'out',
    releaseId: 'v1.0.0',
    sourceCommit: 'c'.repeat(40),
    files: ['build/app.bin'],
    images: [],
    configPath: '.github/rollgate.yml',
    checkpoint: null,
    stateDir,
    parent: lock.head_hash,
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
  });
  const pf = await preflightJob({
    host: testHost(),
    workspace: ws,
    releasePath: 'out/release.json',
    artifactDir: '.',
    configPath: '.github/rollgate.yml',
    trustStorePath: 'trust.json',
    environment: 'staging',
    stateDir,
    parent: pkg.head_hash,
    at,
  });
  if (pf.report.verdict !== 'pass') throw new Error(`fixture preflight failed: ${JSON.stringify(pf.report.checks)}`);
  return { ws, state: pf.head_hash, releaseHash: pf.report.release_hash };
}

/**
 * One canary stage of `staging`, shard `default`, in process. The clock is fixed at T0 + 600
 * and sleeps return at once, unless `realTime`; either way the sleeps, the log lines and each
 * evaluation time are recorded.
 */
export function runStage(ws: string, parent: Uint8Array, over: Partial<CanaryStageOptions> = {}, realTime = false) {
  const log: string[] = [];
  const slept: number[] = [];
  const evaluated: number[] = [];
  const run = canaryStageJob({
    host: testHost(),
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    parent,
    environment: 'staging',
    shard: 'default',
    now: () => {
      const t = realTime ? Math.floor(Date.now() / 1000) : T0 + 600;
      evaluated.push(t);
      return t;
    },
    sleep: (ms) => {
      slept.push(ms);
      return realTime ? new Promise((done) => setTimeout(done, ms)) : Promise.resolve();
    },
    log: (line) => void log.push(line),
    ...over,
  });
  return { run, log, slept, evaluated };
}

/** Staging then production, two cohorts, metrics from the stage files: the promotion tests' config. */
export const PROMOTION_CONFIG = `environments: [staging, production]
rollout:
  cohorts: [50, 100]
  dwell_seconds: 0
metrics:
  source: command
  command: cat metrics/stage-$ROLLGATE_STAGE_INDEX.json
`;

/** Both stages of PROMOTION_CONFIG in `environment` from `state`, then its gate, which must pass: the gate's head. */
export async function passedGate(ws: string, state: Uint8Array, environment: string): Promise<Uint8Array> {
  let head = state;
  for (let i = 0; i < 2; i++) head = (await runStage(ws, head, { environment }).run).head_hash;
  const gate = await gateJob({
    host: testHost(),
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state: head,
    shards: [],
    environment,
  });
  if (gate.report.verdict !== 'pass') throw new Error(`the gate of ${environment} did not pass`);
  return gate.head_hash;
}
