// Pipeline jobs as GitHub runs them, for the end-to-end tests over the built actions: each job a
// fresh checkout of the repository's files in its own directory (and its own temp directory),
// plus the files a workflow's upload-artifact carried, one action, and only the `state` output
// and a directory artifact store between jobs.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { keyIdOf, publicKeyOf, toHex, utf8 } from '../../src/core/index.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { formatUtc } from '../../src/core/utc-time.js';
import { SECONDS_PER_DAY, wallClockSeconds } from '../helpers/clock.js';
import { runActionAsync, type ActionRun } from '../helpers/run-action.js';
import { GOOD_UV_LOCK } from './fixtures.js';

export const HEALTHY = { requests: 5000, errors: 5, p95_baseline_ms: 100, p95_canary_ms: 104 };
export const ERRORING = { requests: 5000, errors: 250, p95_baseline_ms: 100, p95_canary_ms: 104 };

export type TrustRole = 'release' | 'certificate';

/** The repository every job checks out: a lock, the build, metrics, config and trust store. */
export function pipelineRepo(
  environments: readonly string[],
  keys: ReadonlyArray<{ key: Uint8Array; roles: readonly TrustRole[] }>,
): Record<string, string> {
  const now = wallClockSeconds();
  const trustStore = JSON.stringify({
    trust_store_version: 'rollgate.trust-store/v1',
    keys: keys.map(({ key, roles }) => ({
      key_id: keyIdOf(publicKeyOf(key)),
      public_key: toHex(publicKeyOf(key)),
      roles,
      // The jobs run on the real clock: a window around it, not a date that expires.
      not_before: formatUtc(now - 30 * SECONDS_PER_DAY),
      not_after: formatUtc(now + 365 * SECONDS_PER_DAY),
      rotation_max_age_days: 90,
    })),
    thresholds: { release: 1, certificate: 1 },
  });
  return {
    'uv.lock': GOOD_UV_LOCK,
    'build/app.bin': 'the app',
    'metrics/healthy.json': JSON.stringify(HEALTHY),
    'metrics/erroring.json': JSON.stringify(ERRORING),
    // The production environment runs only with the trust store pinned and revocations said.
    '.github/rollgate.yml': `environments: [${environments.join(', ')}]
rollout:
  cohorts: [50, 100]
  dwell_seconds: 0
metrics:
  source: file
  file: metrics/healthy.json
trust:
  trust_store: trust.json
  trust_store_hash: ${formatDigest(sha256(utf8(trustStore)))}
  revocations: none
deploy_command: echo "$ROLLGATE_RELEASE_HASH" > deployed.txt
`,
    'trust.json': trustStore,
  };
}

export interface Job {
  readonly action: string;
  readonly ws: string;
  readonly temp: string;
  readonly run: ActionRun;
}

export interface FreshCheckoutJobs {
  /** Runs one job; `files` are paths the workflow uploaded earlier (from `out/`). */
  readonly job: (action: string, inputs: Record<string, string>, files?: readonly string[]) => Promise<ActionRun>;
  /** Every job run so far, in order. */
  readonly jobs: readonly Job[];
  /** The directory artifact store the state bundles travel through. */
  readonly artifacts: string;
}

export function freshCheckoutJobs(options: {
  readonly repo: Readonly<Record<string, string>>;
  readonly node: string;
  /** Runner variables (GITHUB_*); read at each job, so a server started later can be named. */
  readonly env: () => Record<string, string>;
  readonly label: string;
}): FreshCheckoutJobs {
  const root = mkdtempSync(join(tmpdir(), `rollgate-${options.label}-`));
  const artifacts = join(root, 'artifacts');
  const uploads = join(root, 'uploads'); // what a workflow's own upload-artifact carries
  const jobs: Job[] = [];
  async function job(action: string, inputs: Record<string, string>, files: readonly string[] = []) {
    const n = jobs.length + 1;
    const ws = join(root, `job-${n}-${action}`);
    const temp = join(root, `temp-${n}-${action}`);
    mkdirSync(temp, { recursive: true });
    for (const [path, text] of Object.entries(options.repo)) {
      mkdirSync(dirname(join(ws, path)), { recursive: true });
      writeFileSync(join(ws, path), text);
    }
    for (const file of files) cpSync(join(uploads, file), join(ws, file), { recursive: true });
    const run = await runActionAsync(options.node, action, inputs, {
      workspace: ws,
      env: {
        ROLLGATE_STATE_TRANSPORT: `directory:${artifacts}`,
        ...options.env(),
        RUNNER_TEMP: temp,
        TMPDIR: temp,
      },
    });
    jobs.push({ action, ws, temp, run });
    if (existsSync(join(ws, 'out'))) cpSync(join(ws, 'out'), join(uploads, 'out'), { recursive: true });
    return run;
  }
  return { job, jobs, artifacts };
}
