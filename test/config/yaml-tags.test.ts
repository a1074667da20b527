// Explicit YAML 1.1 tags (!!binary, !!timestamp, !!set) would build a byte array, a Date or a
// Set, which a JSON schema's `object` accepts: found by the fuzz suite as a config of
// `!!binary ` read as the default config. Every rollgate YAML document is plain data, so the
// tags stay unresolved and the schema sees what is written.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { parseLockPolicy } from '../../src/lock/policy.js';

describe('explicit YAML 1.1 tags', () => {
  it.each([
    ['!!binary ', '/: must be object'],
    ['trust: !!binary ""', '/trust: must be object'],
    ['rollout: !!set {a, b}', '/rollout/a: is not a known field'],
  ])('the config %j is CONFIG_INVALID (%s)', (text, problem) => {
    expect(() => parseConfig(text, 'c.yml')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(problem) as string }),
    );
  });

  it('a lock policy of !!binary is LOCK_POLICY_INVALID, not the default policy', () => {
    expect(() => parseLockPolicy('!!binary ', 'p.yml')).toThrow(
      expect.objectContaining({ code: 'LOCK_POLICY_INVALID' }),
    );
  });
});
