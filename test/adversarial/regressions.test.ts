// Inputs the adversarial suite found crashing with an uncoded error or passing under a
// look-alike name; each now ends in its entry point's own code.
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { RollgateError } from '../../src/core/errors.js';
import { parseTrustStore } from '../../src/core/trust-store.js';
import { parseConfig } from '../../src/config/load-config.js';
import { parseLockfile } from '../../src/lock/parse-lockfile.js';
import { parseMetricsJson } from '../../src/providers/metrics/metrics-json.js';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof RollgateError ? error.code : `uncoded ${(error as Error).name}`;
  }
  return 'no error';
}

async function asyncCodeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof RollgateError ? error.code : `uncoded ${(error as Error).name}`;
  }
  return 'no error';
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('adversarial regressions', () => {
  it('a config with an unresolved alias is CONFIG_INVALID', () => {
    expect(codeOf(() => parseConfig('rollout: *nope\n', 'c.yml'))).toBe('CONFIG_INVALID');
  });

  it('a config alias bomb is CONFIG_INVALID', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [prev, next] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
    ])
      bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    expect(codeOf(() => parseConfig(`${bomb.join('\n')}\n`, 'c.yml'))).toBe('CONFIG_INVALID');
  });

  it('a trust store nested 10,000 deep is TRUST_STORE_INVALID', () => {
    expect(codeOf(() => parseTrustStore(utf8(deep(10_000)), 'trust.json'))).toBe('TRUST_STORE_INVALID');
  });

  it('a metrics value nested 10,000 deep is METRICS_INVALID', () => {
    expect(codeOf(() => parseMetricsJson(`{"requests": ${deep(10_000)}}`, 'metrics.json'))).toBe('METRICS_INVALID');
  });

  it.each([
    [
      'uv.lock',
      'uv.lock',
      `version = 1\n\n[[package]]\nname = "django-\u212Aeys"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n`,
    ],
    [
      'poetry.lock',
      'poetry.lock',
      `[[package]]\nname = "django-\u212Aeys"\nversion = "1.0"\ndescription = ""\noptional = false\npython-versions = "*"\nfiles = []\n\n[metadata]\nlock-version = "2.0"\npython-versions = "*"\ncontent-hash = "x"\n`,
    ],
  ] as const)(
    '%s: a package named with a Kelvin sign is LOCK_PARSE_FAILED, not django-keys',
    async (path, format, text) => {
      expect(await asyncCodeOf(() => parseLockfile(text, path, format))).toBe('LOCK_PARSE_FAILED');
    },
  );
});
