// Document 001's contract runner: one cycle over the reference runtime's own fixtures (copied
// byte for byte into ../shared/vectors/tau-deployment), the expectations derived in its
// sections 4, 9 and 10, and rollgate's health rules (DESIGN 5) where they differ. Cycles run
// through the job on real temp directories; the pure cycle is checked where a port matters.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFixtureJob } from '../../src/jobs/run-fixture-job.js';
import { loadManifestFile } from '../../src/providers/fixture-files.js';
import { testHost } from '../helpers/host.js';
import { wasmPackageJob } from '../../src/jobs/wasm-package-job.js';
import {
  caseKey,
  checkCycleOptions,
  DEFAULT_CYCLE_OPTIONS,
  normalizeProcessedKeys,
  retryDelayMs,
  runContractCycle,
  type CycleOptions,
} from '../../src/runtime/contract-cycle.js';
import { sameBody } from '../../src/runtime/evaluate-case.js';
import { parseFixture, type Fixture } from '../../src/runtime/fixture.js';
import { emptyState, type RolloutRecord, type StateDocument } from '../../src/store/state-document.js';
import { hasSharedVectors, sharedVectors } from '../helpers/vectors.js';
import { NO_IMPORTS, wat } from '../wasm/modules.js';

const NOW = 1_700_000_000_000;
const vector = (name: string) => resolve(sharedVectors, 'tau-deployment', name);
const readVector = (name: string) => JSON.parse(readFileSync(vector(name), 'utf8')) as FixtureDoc;
const loadVector = (name: string): Fixture => parseFixture(readFileSync(vector(name), 'utf8'), vector(name));

interface FixtureDoc {
  schema_version: unknown;
  name: string;
  cases: Array<Record<string, unknown> & { case_id: string; expected: { response_body: Record<string, unknown> } }>;
}

const KEY = {
  malformed: 'wasm:native:staging:wasm-runtime-mismatch:deployment-malformed-runtime-mismatch',
  retryable: 'kubernetes:native:production:prod-k8s:deployment-retryable-control-plane',
  wasm: 'wasm:wasm_wasi:staging:edge-wasm:deployment-success-wasm',
  container: 'container:native:staging:staging-container:deployment-container-staging',
  k8s: 'kubernetes:native:production:prod-k8s:deployment-k8s-production',
  edge: 'wasm:wasm_wasi:production:edge-wasm:deployment-wasm-edge',
};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rollgate-fixture-'));
}

function writeFixture(dir: string, doc: unknown, name = 'fixture.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
}

async function runJob(fixturePath: string, stateDir: string, cycle: Partial<CycleOptions> = {}, cwd?: string) {
  const sleeps: number[] = [];
  const report = await runFixtureJob({
    fixturePath,
    stateDir,
    cycle,
    nowUnixMs: () => NOW,
    elapsedMs: () => 0,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    host: testHost(cwd),
  });
  return { report, sleeps };
}

const noPorts = (sleeps: number[] = []) => ({
  sleep: (ms: number) => {
    sleeps.push(ms);
    return Promise.resolve();
  },
  nowUnixMs: () => NOW,
  loadManifest: () => Promise.reject(new Error('no manifest expected')),
});

const readState = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StateDocument & Record<string, unknown>;
const eventLines = (dir: string) =>
  readFileSync(join(dir, 'runtime-events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('cycle pieces', () => {
  it('case keys are lc(target):lc(runtime):lc(environment):lc(blueprint):case_id, trimmed', () => {
    const c = loadVector('mixed-outcomes.json').cases[0]!;
    expect(caseKey(c)).toBe(KEY.wasm);
    expect(
      caseKey({
        ...c,
        deploy_target: ' WASM ',
        runtime_profile: 'Wasm_Wasi',
        blueprint_id: ' Edge-Wasm ',
        case_id: 'x',
      }),
    ).toBe('wasm:wasm_wasi:staging:edge-wasm:x');
  });

  it('backoff is base * 2^(attempt-1) with the exponent capped at 10; base 0 never waits', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(0, a))).toEqual([0, 0, 0, 0]);
    expect([1, 2, 3].map((a) => retryDelayMs(10, a))).toEqual([10, 20, 40]);
    expect(retryDelayMs(1, 11)).toBe(1024);
    expect(retryDelayMs(1, 30)).toBe(1024);
  });

  it('processed keys load trimmed, deduplicated keeping the first, blanks dropped, cut to the newest cap', () => {
    expect(normalizeProcessedKeys([' a ', 'b', 'a', '', '  ', 'c', 'd'], 3)).toEqual(['b', 'c', 'd']);
    expect(normalizeProcessedKeys(['a', 'b'], 10)).toEqual(['a', 'b']);
  });

  it('refuses zero for the queue limit, the case cap and the attempts, and a negative delay', () => {
    for (const key of ['queue_limit', 'processed_case_cap', 'retry_max_attempts'] as const)
      expect(() => checkCycleOptions({ ...DEFAULT_CYCLE_OPTIONS, [key]: 0 })).toThrow(
        expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining(key) as string }),
      );
    expect(() => checkCycleOptions({ ...DEFAULT_CYCLE_OPTIONS, retry_base_delay_ms: -1 })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(checkCycleOptions({ ...DEFAULT_CYCLE_OPTIONS, retry_base_delay_ms: 0 })).toEqual(DEFAULT_CYCLE_OPTIONS);
  });

  it('compares bodies deeply with key order ignored, arrays in order', () => {
    expect(sameBody({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameBody({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameBody({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameBody({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameBody([], {})).toBe(false);
  });
});

describe('fixture validation (document 001 schema 1), fixtures from literals', () => {
  const good = {
    case_id: 'c1',
    deploy_target: 'container',
    runtime_profile: 'native',
    blueprint_id: 'bp',
    environment: 'staging',
    region: 'r1',
    container_image: 'img:1',
    expected: {
      outcome: 'success',
      status_code: 202,
      response_body: { status: 'accepted' },
    },
  };
  const parse = (cases: unknown[], extra: Record<string, unknown> = {}) =>
    parseFixture(JSON.stringify({ schema_version: 1, name: 'n', cases, ...extra }), 'f.json');
  const refused = (cases: unknown[], message: string, extra: Record<string, unknown> = {}) =>
    expect(() => parse(cases, extra)).toThrow(
      expect.objectContaining({ code: 'FIXTURE_INVALID', message: `f.json: ${message}` }),
    );

  it('defaults replicas to 1, the optional texts to "", and trims the case id and error code', () => {
    const [c] = parse([{ ...good, case_id: ' c1 ', unknown_key: true }]).cases;
    expect(c).toMatchObject({ case_id: 'c1', replicas: 1, wasm_module: '', wasm_manifest: '' });
    expect(c?.expected.error_code).toBe('');
  });

  it.each([
    [[{ ...good, region: ' ' }], "case 'c1' has empty region"],
    [[{ ...good, blueprint_id: '' }], "case 'c1' has empty blueprint_id"],
    [[{ ...good, case_id: '' }], 'case index 0 has empty case_id'],
    [[{ ...good, replicas: 0 }], "case 'c1': replicas must be a whole number from 1 to 65535"],
    [
      [{ ...good, simulate_retryable_failure: true }],
      "case 'c1': simulate_retryable_failure must be true exactly when the outcome is retryable_failure",
    ],
    [
      [{ ...good, expected: { ...good.expected, status_code: 200, error_code: 'deployment_invalid_blueprint' } }],
      "case 'c1': a success outcome must not include error_code",
    ],
    [
      [{ ...good, expected: { ...good.expected, status_code: 400 } }],
      "case 'c1': a success outcome requires a 2xx status_code (found 400)",
    ],
    [
      [{ ...good, expected: { outcome: 'malformed_input', status_code: 422, response_body: {} } }],
      "case 'c1': a malformed_input outcome requires error_code",
    ],
    [
      [{ ...good, expected: { ...good.expected, response_body: [] } }],
      "case 'c1': expected.response_body must be an object",
    ],
    [[{ ...good, deploy_target: 'lambda' }], "case 'c1' uses unsupported deploy_target 'lambda'"],
    [
      [{ ...good, runtime_profile: 'wasm_wasi' }],
      "case 'c1' uses unsupported runtime 'wasm_wasi' for deploy_target 'container'",
    ],
    [[{ ...good, container_image: '' }], "case 'c1' deploy_target='container' requires container_image"],
    [
      [{ ...good, deploy_target: 'wasm', runtime_profile: 'wasm_wasi' }],
      "case 'c1' deploy_target=wasm requires wasm_module or wasm_manifest",
    ],
    [[good, { ...good, case_id: 'c1 ' }], "fixture contains duplicate case_id 'c1'"],
    [[], 'fixture must include at least one case'],
  ])('refuses %j: %s', (cases, message) => refused(cases, message));

  it('skips the compatibility checks for cases expected to be malformed input', () => {
    const malformed = {
      ...good,
      deploy_target: 'lambda',
      expected: {
        outcome: 'malformed_input',
        status_code: 400,
        error_code: ' deployment_invalid_blueprint ',
        response_body: { status: 'rejected', reason: 'unsupported_target' },
      },
    };
    expect(parse([malformed]).cases[0]?.expected.error_code).toBe('deployment_invalid_blueprint');
  });

  it('refuses a blank name and another schema version', () => {
    refused([good], 'fixture name cannot be empty', { name: ' ' });
    refused([good], 'unsupported deployment contract schema version 2 (expected 1)', { schema_version: 2 });
  });
});

describe.skipIf(!hasSharedVectors)('one runner cycle over document 001 fixtures', () => {
  it('mixed-outcomes, defaults: malformed, retryable then success; 4 failures, 3 retries, 1 failed', async () => {
    const result = await runContractCycle(
      loadVector('mixed-outcomes.json'),
      emptyState(),
      DEFAULT_CYCLE_OPTIONS,
      noPorts(),
    );
    expect(result.processed).toEqual([
      { case_key: KEY.malformed, result: 'malformed' },
      { case_key: KEY.retryable, result: 'failed' },
      { case_key: KEY.wasm, result: 'applied' },
    ]);
    expect(result.counters).toEqual({
      discovered_cases: 3,
      queued_cases: 3,
      applied_cases: 1,
      duplicate_skips: 0,
      malformed_cases: 1,
      retryable_failures: 4,
      retry_attempts: 3,
      failed_cases: 1,
      upserted_rollouts: 1,
      wasm_rollouts: 1,
      cloud_rollouts: 0,
    });
    // The failed case's key is not recorded: the next cycle tries it again.
    expect(result.processed_case_keys).toEqual([KEY.malformed, KEY.wasm]);
  });

  it('waits 10, 20, 40 ms between the four attempts with base 10, and never with base 0', async () => {
    const sleeps: number[] = [];
    const fixture = loadVector('mixed-outcomes.json');
    await runContractCycle(
      fixture,
      emptyState(),
      { ...DEFAULT_CYCLE_OPTIONS, retry_base_delay_ms: 10 },
      noPorts(sleeps),
    );
    expect(sleeps).toEqual([10, 20, 40]);
    const none: number[] = [];
    await runContractCycle(fixture, emptyState(), DEFAULT_CYCLE_OPTIONS, noPorts(none));
    expect(none).toEqual([]);
  });

  it('upserts one rollout per case key and keeps the rollouts sorted by key', async () => {
    const stale: RolloutRecord = {
      case_key: KEY.k8s,
      case_id: 'deployment-k8s-production',
      deploy_target: 'kubernetes',
      runtime_profile: 'native',
      blueprint_id: 'prod-k8s',
      environment: 'production',
      region: 'old-region',
      artifact: 'ghcr.io/njfio/tau:old',
      artifact_sha256: '',
      artifact_size_bytes: 0,
      artifact_manifest: '',
      runtime_constraints: [],
      replicas: 9,
      rollout_strategy: 'rolling',
      status_code: 202,
      outcome: 'success',
      error_code: '',
      updated_unix_ms: 1,
    };
    const other = { ...stale, case_key: 'zzz:other', case_id: 'other' };
    const previous: StateDocument = { ...emptyState(), rollouts: [other, stale] };
    const result = await runContractCycle(loadVector('rollout-pass.json'), previous, DEFAULT_CYCLE_OPTIONS, noPorts());
    expect(result.rollouts.map((r) => r.case_key)).toEqual([KEY.container, KEY.k8s, KEY.edge, 'zzz:other']);
    expect(result.rollouts[1]).toEqual({
      ...stale,
      region: 'us-east-1',
      artifact: 'ghcr.io/njfio/tau:prod',
      replicas: 3,
      updated_unix_ms: NOW,
    });
  });

  it('drops the oldest processed keys above the cap, so a dropped case is applied again', async () => {
    const fixture = loadVector('rollout-pass.json');
    const options = { ...DEFAULT_CYCLE_OPTIONS, processed_case_cap: 2 };
    const previous = { ...emptyState(), processed_case_keys: ['old-1', ' old-2 ', 'old-1'] };
    const first = await runContractCycle(fixture, previous, options, noPorts());
    expect(first.counters.applied_cases).toBe(3);
    expect(first.processed_case_keys).toEqual([KEY.k8s, KEY.edge]);
    const second = await runContractCycle(
      fixture,
      { ...emptyState(), processed_case_keys: first.processed_case_keys, rollouts: first.rollouts },
      options,
      noPorts(),
    );
    // container is new again and pushes k8s out before k8s is reached: document 001's FIFO.
    expect(second.counters).toMatchObject({ applied_cases: 3, duplicate_skips: 0 });
    expect(second.processed_case_keys).toEqual([KEY.k8s, KEY.edge]);
    const roomy = await runContractCycle(
      fixture,
      { ...emptyState(), processed_case_keys: first.processed_case_keys },
      { ...DEFAULT_CYCLE_OPTIONS, processed_case_cap: 3 },
      noPorts(),
    );
    expect(roomy.counters).toMatchObject({ applied_cases: 1, duplicate_skips: 2 });
    expect(roomy.processed_case_keys).toEqual([KEY.k8s, KEY.edge, KEY.container]);
  });

  it('throws CONTRACT_MISMATCH naming the case and both bodies when the expected body drifted', async () => {
    const doc = readVector('mixed-outcomes.json');
    doc.cases[0]!.expected.response_body.artifact = 'edge/runtime-v2.wasm';
    const fixture = parseFixture(JSON.stringify(doc), 'drift.json');
    const error = await runContractCycle(fixture, emptyState(), DEFAULT_CYCLE_OPTIONS, noPorts()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'CONTRACT_MISMATCH' });
    const message = (error as Error).message;
    expect(message).toContain("case 'deployment-success-wasm' expected response_body");
    expect(message).toContain('"artifact":"edge/runtime-v2.wasm"');
    expect(message).toContain('but observed');
    expect(message).toContain('"artifact":"edge/runtime.wasm"');
  });

  it('throws CONTRACT_MISMATCH on a status code the evaluator does not give', async () => {
    const doc = readVector('rollout-pass.json');
    doc.cases[0]!.expected = { ...doc.cases[0]!.expected, status_code: 201 } as never;
    const fixture = parseFixture(JSON.stringify(doc), 'status.json');
    await expect(runContractCycle(fixture, emptyState(), DEFAULT_CYCLE_OPTIONS, noPorts())).rejects.toMatchObject({
      code: 'CONTRACT_MISMATCH',
      message: "case 'deployment-container-staging' expected status_code 201 but observed 202",
    });
  });
});

describe.skipIf(!hasSharedVectors)('run-fixture job: state.json and runtime-events.jsonl', () => {
  it('rollout-pass on fresh state: 3 applied, healthy, pass; a rerun skips all three as duplicates', async () => {
    const dir = join(tempDir(), '.rollgate');
    const { report } = await runJob(vector('rollout-pass.json'), dir);
    expect(report.counters).toEqual({
      discovered_cases: 3,
      queued_cases: 3,
      applied_cases: 3,
      duplicate_skips: 0,
      malformed_cases: 0,
      retryable_failures: 0,
      retry_attempts: 0,
      failed_cases: 0,
      upserted_rollouts: 3,
      wasm_rollouts: 1,
      cloud_rollouts: 2,
    });
    expect(report.reason_codes).toEqual(['wasm_rollout_applied', 'cloud_rollout_applied']);
    expect(report.classification).toMatchObject({ state: 'healthy', rollout_gate: 'pass' });
    expect(report.health.queue_depth).toBe(0);
    const state = readState(dir);
    expect(state.processed_case_keys).toEqual([KEY.container, KEY.k8s, KEY.edge]);
    expect(state.rollouts.map((r) => [r.case_key, r.status_code, r.rollout_strategy, r.replicas])).toEqual([
      [KEY.container, 202, 'recreate', 1],
      [KEY.k8s, 202, 'rolling', 3],
      [KEY.edge, 201, 'canary', 2],
    ]);
    expect(state.health).toMatchObject({ updated_unix_ms: NOW, last_cycle_completed: 3, failure_streak: 0 });
    const [line] = eventLines(dir);
    expect(Object.keys(line!)).toEqual([
      'timestamp_unix_ms',
      'health_state',
      'health_reason',
      'reason_codes',
      'discovered_cases',
      'queued_cases',
      'applied_cases',
      'duplicate_skips',
      'malformed_cases',
      'retryable_failures',
      'retry_attempts',
      'failed_cases',
      'upserted_rollouts',
      'wasm_rollouts',
      'cloud_rollouts',
      'backlog_cases',
      'failure_streak',
    ]);
    expect(line).toMatchObject({ health_state: 'healthy', applied_cases: 3, timestamp_unix_ms: NOW });

    const rerun = await runJob(vector('rollout-pass.json'), dir);
    expect(rerun.report.counters).toMatchObject({ duplicate_skips: 3, applied_cases: 0, upserted_rollouts: 0 });
    expect(rerun.report.reason_codes).toEqual(['duplicate_cases_skipped']);
    expect(rerun.report.classification.state).toBe('healthy');
    expect(readState(dir).rollouts).toHaveLength(3);
    expect(eventLines(dir)).toHaveLength(2);
  });

  it('mixed-outcomes with defaults: the reference codes in order, degraded and hold', async () => {
    const dir = join(tempDir(), '.rollgate');
    const { report } = await runJob(vector('mixed-outcomes.json'), dir);
    expect(report.counters).toMatchObject({
      applied_cases: 1,
      malformed_cases: 1,
      retryable_failures: 4,
      retry_attempts: 3,
      failed_cases: 1,
    });
    expect(report.reason_codes).toEqual([
      'malformed_inputs_observed',
      'retry_attempted',
      'retryable_failures_observed',
      'case_processing_failed',
      'wasm_rollout_applied',
    ]);
    expect(report.classification).toMatchObject({ state: 'degraded', rollout_gate: 'hold' });
    expect(eventLines(dir)[0]).toMatchObject({ health_state: 'degraded', reason_codes: report.reason_codes });
  });

  it('mixed-outcomes with 2 attempts: 2 failures, 1 retry, 1 failed, 1 rollout, 2 keys, streak 1', async () => {
    const dir = join(tempDir(), '.rollgate');
    const { report } = await runJob(vector('mixed-outcomes.json'), dir, { retry_max_attempts: 2 });
    expect(report.counters).toMatchObject({
      discovered_cases: 3,
      queued_cases: 3,
      applied_cases: 1,
      malformed_cases: 1,
      retryable_failures: 2,
      retry_attempts: 1,
      failed_cases: 1,
      upserted_rollouts: 1,
      wasm_rollouts: 1,
      cloud_rollouts: 0,
      duplicate_skips: 0,
    });
    const state = readState(dir);
    expect(state.rollouts).toHaveLength(1);
    expect(state.processed_case_keys).toHaveLength(2);
    expect(state.health).toMatchObject({ failure_streak: 1, last_cycle_discovered: 3, last_cycle_failed: 1 });
    expect(report.classification.state).toBe('degraded');
  });

  it('repeated failing cycles: streak 1, 2 degraded, 3 failing; one clean cycle is healthy again', async () => {
    const dir = join(tempDir(), '.rollgate');
    const seen: Array<[number, string, number]> = [];
    for (let i = 0; i < 3; i++) {
      const { report } = await runJob(vector('mixed-outcomes.json'), dir, { retry_max_attempts: 2 });
      seen.push([report.health.failure_streak, report.classification.state, report.counters.duplicate_skips]);
    }
    expect(seen).toEqual([
      [1, 'degraded', 0],
      [2, 'degraded', 2],
      [3, 'failing', 2],
    ]);
    const clean = await runJob(vector('rollout-pass.json'), dir);
    expect(clean.report.counters).toMatchObject({ applied_cases: 3, failed_cases: 0 });
    expect(clean.report.health.failure_streak).toBe(0);
    expect(clean.report.classification).toMatchObject({ state: 'healthy', rollout_gate: 'pass' });
  });

  it('queue_limit 2: two cases queued, backpressure reported first, nothing applied', async () => {
    const dir = join(tempDir(), '.rollgate');
    const { report } = await runJob(vector('mixed-outcomes.json'), dir, { queue_limit: 2 });
    expect(report.counters).toMatchObject({
      discovered_cases: 3,
      queued_cases: 2,
      applied_cases: 0,
      malformed_cases: 1,
      failed_cases: 1,
    });
    expect(report.reason_codes[0]).toBe('queue_backpressure_applied');
    expect(report.health.queue_depth).toBe(1);
    expect(readState(dir).rollouts).toEqual([]);
    expect(eventLines(dir)[0]).toMatchObject({ backlog_cases: 1, queued_cases: 2 });
  });

  it('keeps wasm_deliverables and keys it does not own', async () => {
    const dir = join(tempDir(), '.rollgate');
    mkdirSync(dir, { recursive: true });
    const deliverables = [{ blueprint_id: 'edge-wasm', runtime_profile: 'wasm_wasi' }];
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({ schema_version: 1, wasm_deliverables: deliverables, environments: { prod: 1 } }),
    );
    await runJob(vector('rollout-pass.json'), dir);
    const state = readState(dir);
    expect(state.wasm_deliverables).toEqual(deliverables);
    expect(state.environments).toEqual({ prod: 1 });
    expect(state.rollouts).toHaveLength(3);
  });
});

describe.skipIf(!hasSharedVectors)('refusals leave the state untouched', () => {
  async function seeded(): Promise<{ dir: string; before: () => [Buffer, Buffer] }> {
    const dir = join(tempDir(), '.rollgate');
    await runJob(vector('rollout-pass.json'), dir);
    const snap = (): [Buffer, Buffer] => [
      readFileSync(join(dir, 'state.json')),
      readFileSync(join(dir, 'runtime-events.jsonl')),
    ];
    return { dir, before: snap };
  }

  it.each([
    ['invalid-duplicate-case-id.json', "fixture contains duplicate case_id 'duplicate-case'"],
    [
      'invalid-error-code.json',
      "case 'deployment-malformed-unsupported-error-code' uses unsupported error_code 'deployment_not_a_real_error'",
    ],
  ])('%s is refused with FIXTURE_INVALID', async (name, problem) => {
    const { dir, before } = await seeded();
    const snapshot = before();
    await expect(runJob(vector(name), dir)).rejects.toMatchObject({
      code: 'FIXTURE_INVALID',
      message: `${vector(name)}: ${problem}`,
    });
    expect(before()).toEqual(snapshot);
    // On fresh state nothing is created either.
    const fresh = join(tempDir(), '.rollgate');
    await expect(runJob(vector(name), fresh)).rejects.toMatchObject({ code: 'FIXTURE_INVALID' });
    expect(existsSync(fresh)).toBe(false);
  });

  it('refuses schema_version 99', async () => {
    const doc = readVector('rollout-pass.json');
    doc.schema_version = 99;
    const path = writeFixture(tempDir(), doc);
    await expect(runJob(path, join(tempDir(), '.rollgate'))).rejects.toMatchObject({
      code: 'FIXTURE_INVALID',
      message: expect.stringContaining('unsupported deployment contract schema version 99 (expected 1)') as string,
    });
  });

  it('a drifted expected response_body aborts the cycle: state.json and the events log are unchanged', async () => {
    const { dir, before } = await seeded();
    const snapshot = before();
    const doc = readVector('mixed-outcomes.json');
    doc.cases[0]!.expected.response_body.artifact = 'edge/runtime-v2.wasm';
    const path = writeFixture(tempDir(), doc);
    await expect(runJob(path, dir)).rejects.toMatchObject({
      code: 'CONTRACT_MISMATCH',
      message: expect.stringContaining("case 'deployment-success-wasm' expected response_body") as string,
    });
    expect(before()).toEqual(snapshot);
  });

  it('a missing fixture is FILE_NOT_FOUND; a zero option is INPUT_INVALID before anything is read', async () => {
    const dir = join(tempDir(), '.rollgate');
    await expect(runJob(join(tempDir(), 'absent.json'), dir)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(runJob(tempDir(), dir)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(runJob(vector('rollout-pass.json'), dir, { queue_limit: 0 })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('wasm cases with a packaged manifest', () => {
  async function packagedManifest(profile: 'wasm_wasi' | 'channel_automation_wasi' = 'wasm_wasi') {
    const root = tempDir();
    const module = join(root, 'edge.wasm');
    writeFileSync(module, await wat(NO_IMPORTS));
    const stateDir = join(root, '.rollgate');
    const { report } = await wasmPackageJob({
      modulePath: module,
      blueprintId: 'edge-wasm-packaged',
      runtimeProfile: profile,
      outputDir: join(root, 'wasm-out'),
      stateDir,
    });
    return { root, stateDir, report };
  }

  const SHA = '93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476';
  const CAPABILITIES = [
    'no_native_process_exec',
    'filesystem_limited_to_preopened_dirs',
    'network_access_requires_host_capability',
    'deterministic_time_requires_host_injection',
  ];

  function manifestFixture(manifest: string, expected: Record<string, unknown>) {
    return {
      schema_version: 1,
      name: 'wasm-manifest-fixture',
      cases: [
        {
          case_id: 'deployment-wasm-manifest',
          deploy_target: 'wasm',
          runtime_profile: 'wasm_wasi',
          blueprint_id: 'edge-wasm-packaged',
          environment: 'production',
          region: 'iad',
          wasm_manifest: manifest,
          replicas: 1,
          expected,
        },
      ],
    };
  }

  const accepted = (manifest: string) => ({
    outcome: 'success',
    status_code: 201,
    response_body: {
      status: 'accepted',
      blueprint_id: 'edge-wasm-packaged',
      deploy_target: 'wasm',
      runtime_profile: 'wasm_wasi',
      environment: 'production',
      region: 'iad',
      artifact: `${SHA}.wasm`,
      artifact_sha256: SHA,
      artifact_size_bytes: 8,
      artifact_manifest: manifest,
      runtime_constraints: CAPABILITIES,
      replicas: 1,
      rollout_strategy: 'canary',
    },
  });

  const rejected = (status: number, errorCode: string, reason: string) => ({
    outcome: 'malformed_input',
    status_code: status,
    error_code: errorCode,
    response_body: { status: 'rejected', reason },
  });

  it('accepts the manifest and its artifact, and persists the manifest metadata in the rollout', async () => {
    const { root, stateDir, report: pkg } = await packagedManifest();
    const path = writeFixture(root, manifestFixture(pkg.manifest_path, accepted(pkg.manifest_path)));
    const { report } = await runJob(path, stateDir);
    expect(report.counters).toMatchObject({ applied_cases: 1, wasm_rollouts: 1, malformed_cases: 0 });
    const state = readState(stateDir);
    expect(state.rollouts[0]).toMatchObject({
      artifact: `${SHA}.wasm`,
      artifact_sha256: SHA,
      artifact_size_bytes: 8,
      artifact_manifest: pkg.manifest_path,
      runtime_constraints: CAPABILITIES,
      status_code: 201,
    });
    // Packaging's deliverable entry survives the runner cycle (document 001's runner erased it).
    expect(state.wasm_deliverables).toEqual([expect.objectContaining({ blueprint_id: 'edge-wasm-packaged' })]);
  });

  it('resolves a relative manifest path against the working directory', async () => {
    const { root, stateDir, report: pkg } = await packagedManifest();
    const relative = join('wasm-out', 'edge-wasm-packaged', `${SHA}.manifest.json`);
    expect(resolve(root, relative)).toBe(resolve(pkg.manifest_path));
    const path = writeFixture(root, manifestFixture(relative, accepted(relative)));
    const { report } = await runJob(path, stateDir, {}, root);
    expect(report.counters.applied_cases).toBe(1);
    expect(readState(stateDir).rollouts[0]?.artifact_manifest).toBe(relative);
  });

  it('a corrupt manifest, a changed artifact or a missing file is 400 invalid_wasm_manifest', async () => {
    const { root, stateDir, report: pkg } = await packagedManifest();
    const bad = rejected(400, 'deployment_missing_artifact', 'invalid_wasm_manifest');
    const corrupt = join(root, 'corrupt.manifest.json');
    writeFileSync(corrupt, readFileSync(pkg.manifest_path, 'utf8').replace(SHA, 'f'.repeat(64)));
    expect(await loadManifestFile(corrupt, root)).toEqual({ ok: false });
    expect(await loadManifestFile(pkg.manifest_path, root)).toMatchObject({ ok: true, artifact_sha256: SHA });
    const notJson = join(root, 'not-json.manifest.json');
    writeFileSync(notJson, '{ not json');
    for (const manifest of [corrupt, notJson, join(root, 'absent.manifest.json')]) {
      const path = writeFixture(root, manifestFixture(manifest, bad), 'bad.json');
      const { report } = await runJob(path, join(tempDir(), '.rollgate'));
      expect(report.counters).toMatchObject({ malformed_cases: 1, applied_cases: 0 });
    }
    // The artifact changed after packaging: the hash no longer matches.
    writeFileSync(pkg.artifact_path, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 1]));
    const path = writeFixture(root, manifestFixture(pkg.manifest_path, bad), 'bad.json');
    const { report } = await runJob(path, stateDir);
    expect(report.counters.malformed_cases).toBe(1);
    expect(readState(stateDir).rollouts).toEqual([]);
  });

  it('a manifest packaged for another runtime profile is 422 wasm_manifest_runtime_mismatch', async () => {
    const { root, stateDir, report: pkg } = await packagedManifest('channel_automation_wasi');
    const expected = rejected(422, 'deployment_unsupported_runtime', 'wasm_manifest_runtime_mismatch');
    const path = writeFixture(root, manifestFixture(pkg.manifest_path, expected));
    const { report } = await runJob(path, stateDir);
    expect(report.counters).toMatchObject({ malformed_cases: 1, applied_cases: 0 });
  });
});
