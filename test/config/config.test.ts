// The config schema: defaults in one place, every problem reported with its path and line,
// cross-field rules.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { ConfigSchema } from '../../src/config/schema.js';

describe('config', () => {
  it('is a valid JSON Schema', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(ConfigSchema)).toBe(true);
  });

  it('has every default in the schema: an empty file is the default config', () => {
    const empty = parseConfig('', '.github/rollgate.yml');
    expect(empty).toEqual(defaultConfig());
    expect(empty).toMatchObject({
      environments: ['dev', 'staging', 'production'],
      rollout: {
        cohorts: [1, 5, 25, 50, 100],
        dwell_seconds: 300,
        metrics_window_seconds: 300,
        traffic_timeout_seconds: 600,
      },
      gates: { error_rate_max: 0.005, p95_latency_delta_max: 0.1, replay_determinism_failures_max: 0 },
      trust: { trust_store: '.github/rollgate/trust-store.json' },
      lock_policy: { strict: true, https_only: true },
      retention: { experimental: 30, ephemeral: 1, golden: null, certified_release: null },
      metrics: { source: 'file', timeout_seconds: 30, retries: 3 },
    });
  });

  it('keeps what the file sets and fills the rest', () => {
    const c = parseConfig(
      'rollout:\n  cohorts: [10, 100]\ngates:\n  error_rate_max: 0.01\nmetrics:\n  source: command\n  command: ./metrics.sh\n',
      'c.yml',
    );
    expect(c.rollout).toEqual({
      cohorts: [10, 100],
      dwell_seconds: 300,
      metrics_window_seconds: 300,
      traffic_timeout_seconds: 600,
    });
    expect(c.gates.error_rate_max).toBe(0.01);
    expect(c.metrics).toMatchObject({ source: 'command', command: './metrics.sh', retries: 3 });
  });

  it('lists every problem with its JSON path and its line, not only the first', () => {
    const text = [
      'environments: [dev, Prod!]',
      'rollout:',
      '  dwell_seconds: -5',
      'gates:',
      '  error_rate_max: 2',
      'unknown_key: 1',
      '',
    ].join('\n');
    try {
      parseConfig(text, '.github/rollgate.yml');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
      const message = (error as Error).message;
      expect(message).toContain('.github/rollgate.yml:1 /environments/1:');
      expect(message).toContain('.github/rollgate.yml:3 /rollout/dwell_seconds:');
      expect(message).toContain('.github/rollgate.yml:5 /gates/error_rate_max:');
      expect(message).toContain('/unknown_key: is not a known field');
    }
  });

  it('checks the cohort plan and the metrics source after the schema', () => {
    expect(() => parseConfig('rollout:\n  cohorts: [5, 1, 100]\n', 'c.yml')).toThrow(
      /c\.yml:2 \/rollout\/cohorts: cohorts \[5,1,100\]/,
    );
    expect(() => parseConfig('rollout:\n  cohorts: [1, 50]\n', 'c.yml')).toThrow(/the last cohort must be 100/);
    expect(() => parseConfig('metrics:\n  source: prometheus\n', 'c.yml')).toThrow(
      /\/metrics\/prometheus: is required when source is prometheus/,
    );
    expect(() => parseConfig('trust:\n  revocation_bundle_hash: "sha256:' + 'a'.repeat(64) + '"\n', 'c.yml')).toThrow(
      /\/trust\/revocation_bundle: is required/,
    );
  });

  it('refuses bad YAML and duplicate keys with the line', () => {
    expect(() => parseConfig('a: [\n', 'c.yml')).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/^c\.yml:\d+: not valid YAML/) as string,
      }),
    );
    expect(() => parseConfig('gates: {}\ngates: {}\n', 'c.yml')).toThrow(/^c\.yml:2: not valid YAML/);
  });
});
