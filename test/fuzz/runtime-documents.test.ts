// Document 001's runtime files: the contract fixture (mutants end in FIXTURE_INVALID or cases
// that the evaluator answers consistently: 503 exactly for a simulated outage, an accepted body
// exactly for a 2xx), the evaluator on any case at all, and state.json, whose serialization is
// a fixed point of reading, read through the store's readState from a real directory too.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES_001, parseFixture, type FixtureCase } from '../../src/runtime/fixture.js';
import { evaluateCase, sameBody, type LoadedManifest } from '../../src/runtime/evaluate-case.js';
import { parseState, serializeState } from '../../src/store/state-document.js';
import { storeLayout } from '../../src/store/layout.js';
import { readState } from '../../src/store/state-file.js';
import { settle } from '../adversarial/harness.js';
import { jsonDocuments } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';

const CASE = {
  case_id: 'c1',
  deploy_target: 'container',
  runtime_profile: 'native',
  blueprint_id: 'bp',
  environment: 'staging',
  region: 'r1',
  container_image: 'img:1',
  replicas: 2,
  expected: { outcome: 'success', status_code: 202, response_body: { status: 'accepted' } },
};
const FIXTURE = {
  schema_version: 1,
  name: 'contract',
  cases: [
    CASE,
    { ...CASE, case_id: 'w1', deploy_target: 'wasm', runtime_profile: 'wasm_wasi', wasm_module: 'm.wasm' },
    {
      ...CASE,
      case_id: 'r1',
      simulate_retryable_failure: true,
      expected: {
        outcome: 'retryable_failure',
        status_code: 503,
        error_code: 'deployment_backend_unavailable',
        response_body: {},
      },
    },
    {
      ...CASE,
      case_id: 'm1',
      deploy_target: 'mainframe',
      expected: {
        outcome: 'malformed_input',
        status_code: 400,
        error_code: 'deployment_invalid_blueprint',
        response_body: {},
      },
    },
  ],
};
const STATE = {
  schema_version: 1,
  processed_case_keys: ['a', 'b'],
  rollouts: [{ case_key: 'a', case_id: 'c1', deploy_target: 'container', replicas: 2, status_code: 202, extra: true }],
  health: { failure_streak: 1 },
  environments: { staging: { current: 'v1' } },
};

const text = fc.string({ maxLength: 6 });
/** A field of a valid case, or any text instead: most cases get past some rules, a few past all. */
const field = (...valid: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...valid) }, text);
const ANY_CASE: fc.Arbitrary<FixtureCase> = fc.record({
  case_id: field('c1'),
  deploy_target: field('container', 'kubernetes', 'wasm', ' WASM '),
  runtime_profile: field('native', 'wasm_wasi'),
  blueprint_id: field('bp', ' '),
  environment: field('staging', ' Production '),
  region: field('r1', ''),
  container_image: field('img:1', ''),
  wasm_module: field('m.wasm', ''),
  wasm_manifest: field('', 'm.json'),
  replicas: fc.oneof(fc.constant(1), fc.nat(70_000)),
  simulate_retryable_failure: fc.oneof(fc.constant(false), fc.boolean()),
  expected: fc.record({
    outcome: fc.constantFrom('success', 'malformed_input', 'retryable_failure'),
    status_code: fc.nat(600),
    error_code: fc.constantFrom('', ...ERROR_CODES_001),
    response_body: fc.constant({}),
  }),
});
const MANIFEST: fc.Arbitrary<LoadedManifest | undefined> = fc.option(
  fc.record({
    ok: fc.boolean(),
    runtime_profile: fc.option(field('wasm_wasi'), { nil: undefined }),
    artifact_path: fc.constant('a.wasm'),
  }),
  { nil: undefined },
);

/** What document 001's evaluator promises of any response. */
function expectConsistent(c: FixtureCase, manifest: LoadedManifest | undefined): void {
  const response = evaluateCase(c, manifest);
  expect(sameBody(response, evaluateCase(c, manifest))).toBe(true);
  expect(response.status_code === 503).toBe(c.simulate_retryable_failure);
  const accepted = response.outcome === 'success';
  expect(accepted).toBe(response.status_code === 201 || response.status_code === 202);
  expect(response.response_body.status).toBe(
    accepted ? 'accepted' : c.simulate_retryable_failure ? 'retryable' : 'rejected',
  );
  expect(response.error_code === '').toBe(accepted);
  if (!accepted) expect(ERROR_CODES_001).toContain(response.error_code);
}

describe('runtime documents', () => {
  it('fixtures: FIXTURE_INVALID, or cases the evaluator answers consistently', async () => {
    await fuzz('runtime/fixture', jsonDocuments(FIXTURE), async (doc) => {
      const outcome = await settle(() => parseFixture(doc, 'fixture.json'), ['FIXTURE_INVALID']);
      if (!outcome.ok) return false;
      expect(new Set(outcome.value.cases.map((c) => c.case_id)).size).toBe(outcome.value.cases.length);
      for (const c of outcome.value.cases) expectConsistent(c, undefined);
      return true;
    });
  });

  it('the case evaluator: any case and manifest get a consistent response', async () => {
    await fuzz('runtime/evaluate-case', fc.tuple(ANY_CASE, MANIFEST), ([c, manifest]) => {
      expectConsistent(c, manifest);
      return evaluateCase(c, manifest).outcome === 'success';
    });
  });

  it('state.json: STATE_FILE_INVALID, or a state whose serialization reads back to itself', async () => {
    await fuzz('runtime/state-json', jsonDocuments(STATE), async (doc) => {
      const outcome = await settle(() => parseState(doc, 'state.json'), ['STATE_FILE_INVALID']);
      if (!outcome.ok) return false;
      const written = serializeState(outcome.value);
      expect(serializeState(parseState(written, 'state.json'))).toBe(written);
      return true;
    });
  });

  it('state.json read from a state directory (readState), a sample of the cases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-fuzz-state-'));
    const path = storeLayout(dir).stateJson;
    await fuzz(
      'store/read-state',
      jsonDocuments(STATE),
      async (doc) => {
        writeFileSync(path, doc);
        const outcome = await settle(() => readState(dir), ['STATE_FILE_INVALID']);
        // The file holds the UTF-8 of the text: a lone surrogate in it was written as U+FFFD.
        if (outcome.ok) expect(outcome.value).toEqual(parseState(readFileSync(path, 'utf8'), path));
        return outcome.ok;
      },
      0.1,
    );
  });
});
