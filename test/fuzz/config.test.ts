// The YAML documents a user writes: the config and the lock policy. Mutations of a full valid
// config (as YAML text and as a tree written as JSON, which YAML 1.2 reads) end in their coded
// refusal, or in a value that passes the cross-field rules and reads back equal from its JSON.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { validateCohorts } from '../../src/deploy/cohort-plan.js';
import { parseLockPolicy } from '../../src/lock/policy.js';
import { settle } from '../adversarial/harness.js';
import { jsonDocuments } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';
import { mutateText, tokenSoup } from './text-mutations.js';

const LOCK_POLICY = {
  policy_version: 'rollgate.lock-policy/v1',
  allowed_hosts: ['pypi.org', 'registry.npmjs.org:443'],
  https_only: true,
  hash_algorithms: ['sha256', 'sha512'],
  strict: false,
  allowed_sources: [],
  actions: { allow_unpinned: ['my-org/*'] },
  upgrades: { major: true, downgrade: false },
};
const CONFIG = {
  config_version: 'rollgate.config/v1',
  environments: ['dev', 'staging', 'production'],
  rollout: { cohorts: [1, 5, 25, 100], dwell_seconds: 60, metrics_window_seconds: 300 },
  gates: { error_rate_max: 0.01, p95_latency_delta_max: 0.2, replay_determinism_failures_max: 0 },
  trust: { trust_store: '.github/rollgate/trust-store.json', trust_store_hash: `sha256:${'0'.repeat(64)}` },
  lock_policy: LOCK_POLICY,
  metrics: { source: 'command', command: './metrics.sh', timeout_seconds: 30, retries: 2 },
  traffic_command: './shift.sh',
};
const CONFIG_YAML = [
  'environments: [dev, staging, production]',
  'rollout:',
  '  cohorts: [1, 5, 25, 100]',
  '  dwell_seconds: 60',
  'gates:',
  '  error_rate_max: 0.01',
  'lock_policy:',
  '  allowed_hosts: [pypi.org]',
  '  upgrades: {major: true}',
  'metrics:',
  '  source: prometheus',
  '  prometheus:',
  '    url: http://127.0.0.1:9090',
  '    queries: {requests: r, errors: e, p95_baseline: b, p95_canary: c}',
  '',
].join('\n');

/** Tree mutations written as JSON, and text mutations of the YAML form. */
const yamlDocuments = (tree: unknown, yaml: string) =>
  fc.oneof({ weight: 2, arbitrary: jsonDocuments(tree) }, { weight: 2, arbitrary: mutateText(yaml) }, tokenSoup());

describe('YAML documents', () => {
  it('config: CONFIG_INVALID, or a config that keeps the cross-field rules and reads back from JSON', async () => {
    await fuzz('config/rollgate.yml', yamlDocuments(CONFIG, CONFIG_YAML), async (text) => {
      const outcome = await settle(() => parseConfig(text, 'rollgate.yml'), ['CONFIG_INVALID']);
      if (!outcome.ok) return false;
      const config = outcome.value;
      expect(validateCohorts(config.rollout.cohorts)).toEqual(config.rollout.cohorts);
      expect(config.gates.error_rate_max >= 0 && config.gates.error_rate_max <= 1).toBe(true);
      expect(parseConfig(JSON.stringify(config), 'again.yml')).toEqual(config);
      return true;
    });
  });

  it('lock policy: LOCK_POLICY_INVALID, or a policy that reads back from JSON', async () => {
    const yaml = 'allowed_hosts: [pypi.org]\nstrict: false\nupgrades:\n  major: true\n';
    await fuzz('lock/policy', yamlDocuments(LOCK_POLICY, yaml), async (text) => {
      const outcome = await settle(() => parseLockPolicy(text, 'policy.yml'), ['LOCK_POLICY_INVALID']);
      if (!outcome.ok) return false;
      expect(parseLockPolicy(JSON.stringify(outcome.value), 'again.yml')).toEqual(outcome.value);
      return true;
    });
  });
});
