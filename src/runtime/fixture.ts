// Document 001's deployment contract fixture (schema_version 1), validated in the reference
// runtime's order: parse, header, each case, duplicate case ids, then compatibility (skipped for
// cases expected to be malformed input). Unknown keys are ignored, as there.
import { RollgateError } from '../core/errors.js';

export const ERROR_CODES_001 = [
  'deployment_invalid_blueprint',
  'deployment_unsupported_runtime',
  'deployment_missing_artifact',
  'deployment_backend_unavailable',
] as const;
export type Outcome = 'success' | 'malformed_input' | 'retryable_failure';

export interface FixtureCase {
  readonly case_id: string;
  readonly deploy_target: string;
  readonly runtime_profile: string;
  readonly blueprint_id: string;
  readonly environment: string;
  readonly region: string;
  readonly container_image: string;
  readonly wasm_module: string;
  readonly wasm_manifest: string;
  readonly replicas: number;
  readonly simulate_retryable_failure: boolean;
  readonly expected: {
    readonly outcome: Outcome;
    readonly status_code: number;
    readonly error_code: string;
    readonly response_body: Readonly<Record<string, unknown>>;
  };
}

export interface Fixture {
  readonly name: string;
  readonly description: string;
  readonly cases: readonly FixtureCase[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const lc = (s: string) => s.trim().toLowerCase();
/** The reference keeps replicas in a u16. */
const MAX_REPLICAS = 65_535;

export function parseFixture(text: string, where: string): Fixture {
  const fail = (message: string) => new RollgateError('FIXTURE_INVALID', `${where}: ${message}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(doc)) throw fail('not a JSON object');
  if (doc.schema_version !== 1)
    throw fail(`unsupported deployment contract schema version ${JSON.stringify(doc.schema_version)} (expected 1)`);
  if (typeof doc.name !== 'string' || doc.name.trim() === '') throw fail('fixture name cannot be empty');
  if (!Array.isArray(doc.cases) || doc.cases.length === 0) throw fail('fixture must include at least one case');
  const seen = new Set<string>();
  const cases = doc.cases.map((raw, i): FixtureCase => {
    if (!isObject(raw)) throw fail(`case index ${i} is not an object`);
    if (raw.schema_version !== undefined && raw.schema_version !== 1)
      throw fail(`case index ${i} has unsupported schema_version ${JSON.stringify(raw.schema_version)} (expected 1)`);
    let at = `case index ${i}`;
    const str = (key: string, required: boolean): string => {
      const v = raw[key];
      if (v === undefined && !required) return '';
      if (typeof v !== 'string') throw fail(`${at}: ${key} must be a string`);
      if (required && v.trim() === '') throw fail(`${at} has empty ${key}`);
      return v;
    };
    // Document 001's order: the required texts, replicas, the retry flag, then the expectation.
    const case_id = str('case_id', true).trim();
    at = `case '${case_id}'`;
    const deploy_target = str('deploy_target', true);
    const runtime_profile = str('runtime_profile', true);
    const blueprint_id = str('blueprint_id', true);
    const environment = str('environment', true);
    const region = str('region', true);
    const replicas = raw.replicas === undefined ? 1 : raw.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS)
      throw fail(`${at}: replicas must be a whole number from 1 to ${MAX_REPLICAS}`);
    const retry = raw.simulate_retryable_failure === undefined ? false : raw.simulate_retryable_failure;
    if (typeof retry !== 'boolean') throw fail(`${at}: simulate_retryable_failure must be a boolean`);
    const expected = raw.expected;
    if (!isObject(expected)) throw fail(`${at}: expected must be an object`);
    const outcome = expected.outcome;
    if (outcome !== 'success' && outcome !== 'malformed_input' && outcome !== 'retryable_failure')
      throw fail(`${at} uses unsupported outcome ${JSON.stringify(outcome)}`);
    if (retry !== (outcome === 'retryable_failure'))
      throw fail(`${at}: simulate_retryable_failure must be true exactly when the outcome is retryable_failure`);
    if (!isObject(expected.response_body)) throw fail(`${at}: expected.response_body must be an object`);
    const status = expected.status_code;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 65_535)
      throw fail(`${at}: status_code must be an integer from 0 to 65535`);
    const rawCode = expected.error_code === undefined ? '' : expected.error_code;
    if (typeof rawCode !== 'string') throw fail(`${at}: error_code must be a string`);
    const errorCode = rawCode.trim();
    if (outcome === 'success') {
      if (errorCode !== '') throw fail(`${at}: a success outcome must not include error_code`);
      if (status < 200 || status > 299)
        throw fail(`${at}: a success outcome requires a 2xx status_code (found ${status})`);
    } else {
      if (errorCode === '') throw fail(`${at}: a ${outcome} outcome requires error_code`);
      if (!(ERROR_CODES_001 as readonly string[]).includes(errorCode))
        throw fail(`${at} uses unsupported error_code '${errorCode}'`);
      if (status < 400) throw fail(`${at}: a ${outcome} outcome requires a status_code >= 400 (found ${status})`);
    }
    if (seen.has(case_id)) throw fail(`fixture contains duplicate case_id '${case_id}'`);
    seen.add(case_id);
    return {
      case_id,
      deploy_target,
      runtime_profile,
      blueprint_id,
      environment,
      region,
      container_image: str('container_image', false),
      wasm_module: str('wasm_module', false),
      wasm_manifest: str('wasm_manifest', false),
      replicas,
      simulate_retryable_failure: retry,
      expected: { outcome, status_code: status, error_code: errorCode, response_body: expected.response_body },
    };
  });
  for (const c of cases.filter((x) => x.expected.outcome !== 'malformed_input')) {
    const at = `case '${c.case_id}'`;
    const target = lc(c.deploy_target);
    const runtime = lc(c.runtime_profile);
    if (!['container', 'kubernetes', 'wasm'].includes(target))
      throw fail(`${at} uses unsupported deploy_target '${c.deploy_target}'`);
    if (!['native', 'wasm_wasi'].includes(runtime))
      throw fail(`${at} uses unsupported runtime_profile '${c.runtime_profile}'`);
    if (!['staging', 'production'].includes(lc(c.environment)))
      throw fail(`${at} uses unsupported environment '${c.environment}'`);
    if ((target === 'wasm') !== (runtime === 'wasm_wasi'))
      throw fail(`${at} uses unsupported runtime '${c.runtime_profile}' for deploy_target '${c.deploy_target}'`);
    if (target === 'wasm' && c.wasm_module.trim() === '' && c.wasm_manifest.trim() === '')
      throw fail(`${at} deploy_target=wasm requires wasm_module or wasm_manifest`);
    if (target !== 'wasm' && c.container_image.trim() === '')
      throw fail(`${at} deploy_target='${c.deploy_target}' requires container_image`);
  }
  return { name: doc.name, description: typeof doc.description === 'string' ? doc.description : '', cases };
}
