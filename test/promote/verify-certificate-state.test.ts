// verify-certificate against a store: every value a certificate binds is derived again from the
// run's stored evidence, so a state whose evidence differs in one object (a lock report or a
// release manifest with one field changed, added beside the one the certificate
// bound) is refused with EVIDENCE_HASH_MISMATCH naming that field. The bound trust inputs are
// compared with the files given, which are checked against the config's pins. Through the CLI
// in process, on a real store built by the real jobs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/deps.js';
import { runCli } from '../../src/cli/program.js';
import { encodeCanonical } from '../../src/core/cbor.js';
import { formatDigest } from '../../src/core/digest.js';
import { promoteJob } from '../../src/jobs/promote-job.js';
import { lockReportReader } from '../../src/lock/lock-report.js';
import { approvedHeadOf } from '../../src/promote/certificate-evidence.js';
import { releaseManifestReader } from '../../src/release/manifest.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { appendStep, verifyChain } from '../../src/store/step-heads.js';
import {
  HEALTHY,
  PROMOTION_CONFIG,
  passedGate,
  T0,
  rolloutWorkspace,
  stageMetrics,
} from '../deploy/rollout-workspace.js';
import { testHost } from '../helpers/host.js';

let ws: string;
let store: ObjectStore;
let promoted: Uint8Array;

beforeAll(async () => {
  const built = await rolloutWorkspace({ config: PROMOTION_CONFIG, files: stageMetrics(HEALTHY, HEALTHY) });
  ws = built.ws;
  store = new ObjectStore(join(ws, '.rollgate'));
  const result = await promoteJob({
    workspace: ws,
    stateDir: '.rollgate',
    configPath: '.github/rollgate.yml',
    state: await passedGate(ws, built.state, 'staging'),
    environment: 'staging',
    key: { file: join(ws, 'keys/release.pem') },
    env: {},
    tenantId: 'org/app',
    trustStorePath: 'trust.json',
    outputDir: 'out',
    now: T0 + 3600,
  });
  promoted = result.head_hash;
}, 60_000);

async function verify(...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    output: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
    now: () => T0 + 7200,
    env: {},
    host: testHost(ws),
  };
  const code = await runCli(
    ['verify-certificate', 'out/certificate-staging.cbor', '--trust-store', 'trust.json', '--json', ...extra],
    deps,
  );
  return {
    code,
    err: err.join('\n'),
    json: code === 2 || out.length === 0 ? undefined : (JSON.parse(out.join('\n')) as unknown),
  };
}

interface Verdict {
  verdict: string;
  comparisons: Array<{ field: string; equal: boolean }>;
  checks?: Array<{ check: string; result: string; codes: string[] }>;
}
const unequal = (v: Verdict) => v.comparisons.filter((c) => !c.equal).map((c) => c.field);

/**
 * A state beside the approved one whose evidence holds one more object of `type`, made from the
 * stored one by `change`, under an id the run's reader takes before the bound one.
 */
async function tampered<T>(
  type: string,
  id: (bound: string) => string,
  reader: { read(bytes: Uint8Array, entry: { object_id: string }): T },
  change: (value: T) => unknown,
): Promise<string> {
  const approved = await approvedHeadOf(store, promoted);
  const chain = await verifyChain(store, approved);
  const head = chain[chain.length - 1]!;
  const entry = head.evidence.find((e) => e.object_type === type)!;
  const value = reader.read(await store.get(entry.digest), entry);
  const sibling = await appendStep(store, {
    claim: false,
    run_id: head.run_id,
    parent: approved,
    operator: 'promote',
    records: [],
    evidence: [{ object_type: type, object_id: id(entry.object_id), bytes: encodeCanonical(change(value)) }],
  });
  return formatDigest(sibling.head_hash);
}

describe('verify-certificate --state', () => {
  it('derives every bound value again from the store and finds them equal', async () => {
    const run = await verify('--state', formatDigest(promoted));
    expect(run.code, run.err).toBe(0);
    const verdict = run.json as Verdict;
    expect(verdict.verdict).toBe('pass');
    expect(verdict.comparisons).toHaveLength(20);
    expect(unequal(verdict)).toEqual([]);
    expect(verdict.checks?.every((c) => c.result === 'pass')).toBe(true);
  });

  it.each([
    [
      'lockfile_hash',
      'lock_report',
      (r: Record<string, unknown>) => ({ ...r, lockfile_hash: new Uint8Array(32).fill(9) }),
    ],
    ['sbom_hash', 'lock_report', (r: Record<string, unknown>) => ({ ...r, sbom_hash: new Uint8Array(32).fill(9) })],
    [
      'toolchain_hash',
      'lock_report',
      (r: Record<string, unknown>) => ({ ...r, toolchain_hash: new Uint8Array(32).fill(9) }),
    ],
    [
      'dependencies_lock_hash',
      'lock_report',
      (r: Record<string, unknown>) => ({ ...r, dependencies_lock_hash: new Uint8Array(32).fill(9) }),
    ],
  ])('a stored lock report with another %s: EVIDENCE_HASH_MISMATCH on it', async (field, type, change) => {
    const state = await tampered(
      type,
      () => '!',
      lockReportReader,
      (r) => change(r as unknown as Record<string, unknown>),
    );
    const run = await verify('--state', state);
    expect(run.code).toBe(1);
    const verdict = run.json as Verdict;
    expect(verdict.verdict).toBe('fail');
    expect(unequal(verdict)).toContain(field);
    expect(verdict.checks?.find((c) => c.check === 'bound_hashes')?.codes).toEqual(['EVIDENCE_HASH_MISMATCH']);
  });

  it('a stored release manifest of another release: release_hash and manifest_hash differ', async () => {
    const state = await tampered(
      'release_manifest',
      () => '!',
      releaseManifestReader,
      (m) => ({
        ...m,
        release_id: 'v9.9.9',
      }),
    );
    const verdict = (await verify('--state', state)).json as Verdict;
    expect(unequal(verdict)).toEqual(expect.arrayContaining(['release_hash', 'manifest_hash']));
  });
});

describe('verify-certificate without a state', () => {
  it('compares the trust inputs the certificate binds with the files given', async () => {
    expect((await verify()).json).toMatchObject({ verdict: 'pass' });
    const trust = JSON.parse(readFileSync(join(ws, 'trust.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(ws, 'trust-later.json'),
      JSON.stringify({ ...trust, thresholds: { release: 1, certificate: 1 } }, null, 1),
    );
    const out: string[] = [];
    const code = await runCli(
      [
        'verify-certificate',
        'out/certificate-staging.cbor',
        '--trust-store',
        'trust-later.json',
        '--json',
        '--config',
        'none.yml',
      ],
      {
        output: { out: (t) => void out.push(t), err: () => undefined },
        now: () => T0 + 7200,
        env: {},
        host: testHost(ws),
      },
    );
    expect(code).toBe(1);
    expect(unequal(JSON.parse(out.join('\n')) as Verdict)).toEqual(['trust_store_hash']);
  });

  it("checks the trust store against the config's pin", async () => {
    const run = await verify('--trust-store', 'trust-later.json');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/TRUST_STORE_HASH_MISMATCH/);
  });
});
